# Multi-stage build: compile TypeScript and the client in one stage, run with production deps only.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# The client pins the deployment root public key at build time (docs/operations.md, "Install"):
# docker-compose passes it from .env, written by `npm run -s keys -- deploy-init`. It is public.
# Nothing secret is in the build context (.dockerignore: deploy/runtime, .env, .data).
# CC_MIN_POLICY_VERSION (the deployed policy's version) is the oldest policy the client accepts.
ARG CC_ROOT_PUBLIC_KEY
ARG CC_MIN_POLICY_VERSION
RUN test -n "$CC_ROOT_PUBLIC_KEY" || { echo "CC_ROOT_PUBLIC_KEY build argument missing: run npm run -s keys -- deploy-init" >&2; exit 1; }
ENV CC_ROOT_PUBLIC_KEY=${CC_ROOT_PUBLIC_KEY} CC_MIN_POLICY_VERSION=${CC_MIN_POLICY_VERSION}
RUN npm run build:client && npm run build:server

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/client/dist ./client/dist
COPY --from=build /app/keys/policies ./keys/policies
USER node
EXPOSE 8080
CMD ["node", "dist/server/main.js"]
