#!/usr/bin/env bash
# keelson as another team installs it: pack the package (prepack builds the CLI bundle and the
# compiled library), install the tarball into a fresh project, compile the README's library
# example (extracted, not copied) under strict settings with skipLibCheck off, run it, check what
# it wrote, type-check a use of keelson/pulumi, and run the installed `keelson` command.
# Packages come from the npm cache when they are there (--prefer-offline).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/keelson-library-check-XXXXXX")"
trap 'rm -rf "$work"' EXIT
cd "$root"

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'library check FAILED: %s\n' "$*" >&2; exit 1; }

step "npm pack"
tarball="$(npm pack --silent --pack-destination "$work" | tail -n 1)"
tarball="$work/$tarball"
listing="$(tar -tzf "$tarball")"
for f in package/lib/index.js package/lib/index.d.ts package/lib/pulumi.js package/lib/pulumi.d.ts package/dist/keelson.js package/dist/synth-hit.js package/bin/keelson.js package/CHANGELOG.md; do
  grep -qx "$f" <<<"$listing" || fail "the tarball lacks $f"
done
if grep -E '^package/(test|manifests|stacks|constructs|charts|cli|scripts)/|\.ts$' <<<"$listing" | grep -v '\.d\.ts$'; then
  fail "the tarball ships sources, tests or manifests (listed above)"
fi
echo "$(wc -l <<<"$listing") files, $(du -k "$tarball" | cut -f1) KiB"

# The consumer pins the peer dependencies keelson is tested with (this repository's lockfile).
version() { node -p "require('$root/node_modules/$1/package.json').version"; }
app="$work/app"
mkdir -p "$app"
cat >"$app/package.json" <<JSON
{
  "name": "acme-platform",
  "private": true,
  "dependencies": {
    "keelson": "file:$tarball",
    "cdk8s": "$(version cdk8s)",
    "constructs": "$(version constructs)",
    "cdk8s-plus-27": "$(version cdk8s-plus-27)",
    "@pulumi/pulumi": "$(version @pulumi/pulumi)",
    "@pulumi/kubernetes": "$(version @pulumi/kubernetes)"
  },
  "devDependencies": {
    "typescript": "$(version typescript)",
    "@types/node": "$(version @types/node)"
  }
}
JSON
cat >"$app/tsconfig.json" <<'JSON'
{
  "compilerOptions": {
    "target": "ES2022",
    "module": "node16",
    "moduleResolution": "node16",
    "strict": true,
    "exactOptionalPropertyTypes": true,
    "noUncheckedIndexedAccess": true,
    "noImplicitOverride": true,
    "noUnusedLocals": true,
    "noUnusedParameters": true,
    "noPropertyAccessFromIndexSignature": true,
    "skipLibCheck": false,
    "types": [],
    "outDir": "out"
  },
  "files": ["main.ts"]
}
JSON
node scripts/readme-example.js README.md >"$app/main.ts"

step "npm install (the tarball and its peers)"
(cd "$app" && npm install --prefer-offline --ignore-scripts --no-audit --no-fund --loglevel=error)

step "tsc: the README example, strict, skipLibCheck false, no Node types"
(cd "$app" && npx tsc -p tsconfig.json)

step "node: the README example"
(cd "$app/out" && node main.js)
out="$app/out/dist/acme-ci.k8s.yaml"
[ -f "$out" ] || fail "the example wrote no $out"
for want in 'kind: StatefulSet' 'storage: 64Gi' 'storageClassName: acme-ssd' 'namespace: acme-ci' 'https://es-legacy.acme.example:9200' 'orders-\*'; do
  grep -q -- "$want" "$out" || fail "the example's output lacks '$want'"
done
echo "$(grep -c '^kind:' "$out") objects in $(basename "$out")"

step "import 'keelson' loads no Pulumi module"
(cd "$app" && node -e "
  require('keelson');
  const p = Object.keys(require.cache).filter((f) => f.includes('@pulumi'));
  if (p.length) { console.error('loaded', p[0]); process.exit(1); }
  console.log('ok');
")

step "tsc: keelson/pulumi, strict, skipLibCheck false"
cat >"$app/pulumi-program.ts" <<'TS'
import { readSettings, keelsonProgram, type StackSettings } from 'keelson/pulumi';
import * as pulumi from '@pulumi/pulumi';

export function settings(): StackSettings {
  return readSettings(new pulumi.Config('keelson'));
}
export const program: typeof keelsonProgram = keelsonProgram;
TS
cat >"$app/tsconfig.pulumi.json" <<'JSON'
{ "extends": "./tsconfig.json", "compilerOptions": { "noEmit": true, "types": ["node"] }, "files": ["pulumi-program.ts"] }
JSON
(cd "$app" && npx tsc -p tsconfig.pulumi.json) || fail "keelson/pulumi does not type-check"
(cd "$app" && node -e "
  const p = require('keelson/pulumi');
  if (typeof p.keelsonProgram !== 'function') { console.error('keelson/pulumi has no keelsonProgram'); process.exit(1); }
") || fail "keelson/pulumi does not load"

step "the installed keelson command"
(cd "$app" && npx --no-install keelson help >/dev/null)
(cd "$app" && npx --no-install keelson synth --env dev --out manifests --docs pages)
[ -n "$(ls "$app/manifests/dev")" ] || fail "keelson synth wrote nothing"
# The second run is served by the installed package's synthesis cache (dist/synth-hit.js), with the same files.
again="$(cd "$app" && npx --no-install keelson synth --env dev --out again --docs again-pages)"
grep -q 'rendering reused from the synthesis cache' <<<"$again" || fail "a second keelson synth was not served from the synthesis cache"
diff -r "$app/manifests" "$app/again" >/dev/null || fail "the cached keelson synth wrote other files"
(cd "$app" && npx --no-install keelson validate --env dev >/dev/null)

printf '\nlibrary check: passed\n'
