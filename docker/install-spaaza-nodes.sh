#!/bin/sh
# Installs n8n-nodes-spaaza into an n8n nodes folder the way the README's manual install does:
# from a packed n8n-nodes-spaaza-*.tgz lying next to this script (copied into the folder first, so
# the folder's package.json keeps pointing at a file that is still there), or, when there is none,
# the published version named by the second argument. docker/Dockerfile runs it;
# test/queue/manualInstall.test.ts runs it on a real n8n user folder.
#   install-spaaza-nodes.sh <nodes folder> <version>
set -eu
nodes_dir=$1
version=$2
here=$(cd "$(dirname "$0")" && pwd)

package="n8n-nodes-spaaza@$version"
found=0
for tarball in "$here"/n8n-nodes-spaaza-*.tgz; do
	[ -e "$tarball" ] || continue
	found=$((found + 1))
	package=./$(basename "$tarball")
	mkdir -p "$nodes_dir"
	cp "$tarball" "$nodes_dir/"
done
if [ "$found" -gt 1 ]; then
	echo "More than one n8n-nodes-spaaza-*.tgz next to $0: keep only the one to install." >&2
	exit 1
fi

mkdir -p "$nodes_dir"
cd "$nodes_dir"
npm install --omit=dev --ignore-scripts --audit=false --fund=false "$package"
