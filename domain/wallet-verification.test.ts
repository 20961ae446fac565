import { addVerifyCounts, emptyVerifyCounts, MAX_SAMPLES, type DifferenceSample } from './wallet-verification';

const sample = (n: number): DifferenceSample => ({ kind: 'missing', parkId: `park-${n}`, walletId: `w-${n}` });

describe('verify counts', () => {
  it('start at zero with no samples, a fresh object each time', () => {
    const a = emptyVerifyCounts();
    expect(a).toStrictEqual({
      parks: 0,
      redisWallets: 0,
      postgresWallets: 0,
      missing: 0,
      extra: 0,
      different: 0,
      samples: [],
    });
    a.samples.push(sample(1));
    expect(emptyVerifyCounts().samples).toEqual([]);
  });

  it('add every count of a batch into the total', () => {
    const total = { ...emptyVerifyCounts(), parks: 1, redisWallets: 2, postgresWallets: 3, missing: 4, extra: 5 };
    addVerifyCounts(total, {
      parks: 10,
      redisWallets: 20,
      postgresWallets: 30,
      missing: 40,
      extra: 50,
      different: 60,
      samples: [sample(1)],
    });
    expect(total).toStrictEqual({
      parks: 11,
      redisWallets: 22,
      postgresWallets: 33,
      missing: 44,
      extra: 55,
      different: 60,
      samples: [sample(1)],
    });
  });

  it(`keep the first ${MAX_SAMPLES} samples across batches and drop the rest`, () => {
    const total = emptyVerifyCounts();
    const batch = (from: number, n: number) => ({
      ...emptyVerifyCounts(),
      samples: Array.from({ length: n }, (_, i) => sample(from + i)),
    });
    addVerifyCounts(total, batch(0, MAX_SAMPLES - 1));
    addVerifyCounts(total, batch(100, 3));
    expect(total.samples).toStrictEqual([...Array.from({ length: MAX_SAMPLES - 1 }, (_, i) => sample(i)), sample(100)]);
  });
});
