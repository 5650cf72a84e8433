#!/usr/bin/env bash
# Posts a Markdown file (the output of `myriad check --format markdown`) to a pull request as ONE comment, updated
# in place on every run: the comment is found by a hidden marker on its first line, so a re-run replaces the
# previous report instead of adding another. Used by .github/workflows/pr-check.yml and by the consumer workflow
# in docs/policies.md.
#
#   bin/myriad-pr-comment.sh FILE [MARKER]
#
# Needs the GitHub CLI `gh` (installed on GitHub-hosted runners) with GH_TOKEN allowed to write pull requests
# (`permissions: pull-requests: write`), GITHUB_REPOSITORY (set by Actions) and PR_NUMBER. A body longer than
# GitHub's comment limit (65536 characters) is cut, with a pointer to the job summary.
set -euo pipefail

file=${1:?usage: myriad-pr-comment.sh FILE [MARKER]}
marker="<!-- ${2:-myriad-policy-check} -->"
repo=${GITHUB_REPOSITORY:?GITHUB_REPOSITORY is not set (owner/name)}
pr=${PR_NUMBER:?PR_NUMBER is not set (the pull request number)}
limit=60000

body="$marker"$'\n'"$(cat -- "$file")"
if [ "${#body}" -gt "$limit" ]; then
    body="${body:0:$limit}"$'\n\n'"_(cut at $limit characters: the whole report is in the job summary)_"
fi

id=$(gh api --paginate "repos/$repo/issues/$pr/comments" --jq ".[] | select(.body | startswith(\"$marker\")) | .id" | head -n 1)
if [ -n "$id" ]; then
    gh api --method PATCH "repos/$repo/issues/comments/$id" -f body="$body" >/dev/null
    echo "myriad-pr-comment: updated comment $id on pull request $pr"
else
    gh api --method POST "repos/$repo/issues/$pr/comments" -f body="$body" >/dev/null
    echo "myriad-pr-comment: commented on pull request $pr"
fi
