#!/bin/sh
# Installs what a production build needs, from the lock files, in the source folder it is run in
# (/srv/cchc/src, owned by cchc):
#   - into .venv: the Python packages of requirements/lock.txt, each file checked against its
#     hash, then this project itself without resolving anything again;
#   - into node_modules: Decap CMS at the versions of package-lock.json (dependencies only: the
#     test tools are devDependencies), which the build copies to /quan-tri/.
# Each part is installed again only when its lock changed since its last install (a stamp inside
# .venv and node_modules), so the git hook runs this on every push. It needs the network (the
# Python and npm registries); the publish service does not, and never installs.
#   cd /srv/cchc/src && sh deploy/install.sh
# A package dropped from the lock stays installed until the venv is made again (rm -r .venv).
set -eu

STAMP=.cchc-installed

# sha256 of the given files' bytes, in order.
stamp() { cat "$@" | sha256sum | cut -d' ' -f1; }

python_lock=$(stamp requirements/lock.txt pyproject.toml)
if [ "$(cat ".venv/$STAMP" 2>/dev/null)" != "$python_lock" ]; then
    [ -x .venv/bin/python ] || python3 -m venv .venv
    .venv/bin/python -m pip install --require-hashes -r requirements/lock.txt
    .venv/bin/python -m pip install --no-deps -e .
    echo "$python_lock" >".venv/$STAMP"
fi

npm_lock=$(stamp package-lock.json)
if [ "$(cat "node_modules/$STAMP" 2>/dev/null)" != "$npm_lock" ]; then
    # --ignore-scripts: no package runs code at install time (none of the dependencies needs to).
    npm ci --ignore-scripts --omit=dev --no-audit --no-fund
    echo "$npm_lock" >"node_modules/$STAMP"
fi
