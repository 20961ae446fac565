# One image for the app processes (api-external, api-internal, worker, migrate, stand-ins); compose picks the command.
# Needs nothing but the npm registry: no Prisma engine download (the client runs on adapter-pg + wasm).
FROM node:20-slim
WORKDIR /app

COPY package.json package-lock.json ./
# Without install scripts: the project's postinstall (prisma generate) needs the sources copied below, and
# dependencies' scripts would try to download Prisma engines.
RUN npm ci --ignore-scripts --no-audit --no-fund

COPY . .
RUN npm run generate

USER node
CMD ["node", "--import", "tsx", "api-external/main.ts"]
