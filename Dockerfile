# The mlship CLI and its model server in one image (README.md, "Container").
#   docker build -t mlship .
# dist/ is committed and checked against the sources (npm run check-dist), so the image runs the
# built CLI as the repository holds it: no compiler or dev dependency enters any stage.

# ---- dependencies: the production packages of the lock file, nothing else
FROM node:24-slim AS deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# onnxruntime-node ships its CPU binaries (linux x64 and arm64) inside the npm package; its
# postinstall only downloads optional CUDA libraries from a host outside the npm registry, which
# .npmrc's `onnxruntime-node-install=skip` turns off (docs/design.md, "Runtime facts").
# --ignore-scripts goes further: no install script runs at all (the only other one, protobufjs's,
# sets up its own command-line tool, which mlship does not use), so the image holds exactly the
# lock file's tarballs. The other platforms' binaries are dropped (about 220 MB), and loading the
# native binding proves the CPU runtime is there: a broken install fails the build, not the
# first request. The CLI finds this installed package first (src/onnx/runtime/resolve-runtime.ts),
# so it never downloads a runtime inside the container.
RUN npm ci --omit=dev --ignore-scripts \
    && find node_modules/onnxruntime-node/bin/napi-v6 -mindepth 1 -maxdepth 1 ! -name linux -exec rm -rf {} + \
    && node -e "require('onnxruntime-node')"

# ---- runtime
FROM node:24-slim
ENV NODE_ENV=production
COPY --from=deps /app/node_modules /app/node_modules
COPY package.json /app/
COPY dist/cli /app/dist/cli
# The bundled example project, as the npm package ships it: `mlship demo` runs on it.
COPY examples /app/examples
# The image's own unprivileged user (uid 1000): the server needs no root, and a mounted
# /models only has to be readable by it. The code stays root-owned (read-only to the server);
# the working folder is the user's home, so what a command writes beside it can be written.
USER node
WORKDIR /home/node
EXPOSE 8080
# Ready = every requested model is loaded (Open Inference Protocol v2). slim has no curl: node's
# fetch asks. The check targets port 8080, the port of the default command.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:8080/v2/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "/app/dist/cli/index.js"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8080"]
