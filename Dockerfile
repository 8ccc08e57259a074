# Gazette: feeds and digest newsletters from a folder of articles.
# Build: docker build -t gazette .   Run: docker run -p 8080:8080 -v gazette-data:/data gazette

FROM node:26-slim AS build
WORKDIR /app
# better-sqlite3 compiles its native addon from source.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src src
RUN npm run build && npm prune --omit=dev

FROM node:26-slim
ENV NODE_ENV=production \
    GAZETTE_DATA_DIR=/data \
    GAZETTE_DATABASE_URL=sqlite:/data/gazette.db \
    GAZETTE_ARTICLES_DIR=/app/articles
WORKDIR /app
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY package.json ./
COPY bin bin
COPY templates templates
COPY articles articles
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.GAZETTE_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["node", "bin/gazette.js"]
CMD ["serve"]
