# One image for every Node service; docker-compose.yml picks the entry point per service.
FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY . .
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
USER node
