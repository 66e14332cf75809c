# The web app: built here, served by nginx (the `web` stage, docker-compose's `web` service).
FROM node:24-bookworm-slim AS web-build
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund && npm run build -w web

FROM nginx:1.27-alpine AS web
COPY web/nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=web-build /app/web/dist /usr/share/nginx/html

# One image for every Node service (the last stage, so the default target); docker-compose.yml
# picks the entry point per service.
FROM node:24-bookworm-slim AS services
WORKDIR /app
ENV NODE_ENV=production
COPY . .
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
USER node
