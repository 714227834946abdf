/**
 * Examples shown under each command's help (`landed help CMD`, `landed CMD --help`), kept in one place so a
 * command's usage text stays about its options. A command whose usage has its own "Examples:" needs none here.
 */
export const EXAMPLES: Record<string, string[]> = {
  run: ['landed run', 'landed run scenarios/quote.yaml --reporter console --reporter html', 'landed run --shard 2/3 --run-id nightly-42 --out shard-2', 'landed run --resume 20261129T101500Z-abc123'],
  demo: ['landed demo', 'landed demo --reporter console --reporter junit'],
  report: ['landed report', 'landed report 20261129T101500Z-abc123 --reporter markdown', 'landed report --trend --since 90d'],
  import: ['landed import shard-*/results.json', 'landed import old-artifacts/'],
  merge: ['landed merge shards --reporter github --reporter html', 'landed merge shard-1 shard-2 shard-3 --run-id nightly-42'],
  plan: ['landed plan', 'landed plan scenarios/quote.yaml --json'],
  schema: ['landed schema > landed.schema.json', 'landed schema --scenario', 'landed schema --write'],
  'seeds check': ['landed seeds check', 'landed seeds check --json'],
  providers: ['landed providers', 'landed providers gmail'],
  'auth google': ['LANDED_OAUTH_CLIENT_SECRET=... landed auth google --client-id 1234.apps.googleusercontent.com > token.txt'],
  'auth microsoft': ['landed auth microsoft --client-id 00000000-0000-0000-0000-000000000000 --tenant consumers > token.txt'],
  'lab up': ['landed lab up', 'landed lab up --dir /tmp/landed-lab && landed run --config /tmp/landed-lab/landed.yaml'],
  'lab status': ['landed lab status', 'landed lab status --json'],
  'lab down': ['landed lab down', 'landed lab down --dir /tmp/landed-lab'],
  'dns check': ['landed dns check', 'landed dns check acme.example --selector acme.example:selector1', 'landed dns check --json --from-run none'],
  'dmarc import': ['landed dmarc import dmarc-reports/*.xml.gz', 'landed dmarc import google.com!acme.example!1732838400!1732924799.zip'],
  'dmarc report': ['landed dmarc report', 'landed dmarc report --since 90d --json'],
  'dmarc fetch': ['landed dmarc fetch', 'landed dmarc fetch --since 7d'],
  'lab dmarc-reports': ['landed lab dmarc-reports && landed dmarc fetch --config .lab/landed.yaml'],
  score: ['landed score', 'landed score scenarios/newsletter.yaml --json'],
  inspect: ['landed inspect reports/runs/20261129T101500Z-abc123/messages/relay--gmail-1.eml', 'landed inspect message.eml --provider gmail --json'],
};
