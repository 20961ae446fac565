// Russian Cyrillic to Latin: our answers stay ASCII, so the bytes we sign are the same in windows-1251 and UTF-8.
const CYRILLIC: Readonly<Record<string, string>> = Object.fromEntries(
  'а:a б:b в:v г:g д:d е:e ё:e ж:zh з:z и:i й:y к:k л:l м:m н:n о:o п:p р:r с:s т:t у:u ф:f х:kh ц:ts ч:ch ш:sh щ:shch ъ: ы:y ь: э:e ю:yu я:ya'
    .split(' ')
    .map((pair) => pair.split(':') as [string, string]),
);

/**
 * A value of the answer's `ansid` as the implementation writes them: `-` becomes `=`, spaces `_`. Anything that could
 * break the unescaped `name=value&…` answer or its `[b]` markup is dropped, and the text is capped at 100 characters.
 */
export function ansidText(text: string): string {
  const latin = [...text].map((char) => {
    const lower = char.toLowerCase();
    const mapped = CYRILLIC[lower];
    if (mapped === undefined) return char;
    return lower === char ? mapped : mapped.charAt(0).toUpperCase() + mapped.slice(1);
  });
  return latin
    .join('')
    .replace(/-/g, '=')
    .replace(/ /g, '_')
    .replace(/[^A-Za-z0-9_=.,'()]/g, '')
    .slice(0, 100);
}
