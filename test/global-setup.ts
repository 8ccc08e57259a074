import { existsSync } from 'node:fs';

/**
 * Checks the optional peers once for the whole run, so a missing one is named in one line rather
 * than once per test file. In CI (`CI=true`) a missing peer fails the run instead.
 */
const peers: { name: string; present: () => boolean; install: string }[] = [
  {
    name: 'chromium',
    present: () => existsSync('/usr/bin/chromium'),
    install: 'apt-get install -y chromium',
  },
  { name: 'jing', present: () => existsSync('/usr/bin/jing'), install: 'apt-get install -y jing' },
  {
    name: 'xmllint',
    present: () => existsSync('/usr/bin/xmllint'),
    install: 'apt-get install -y libxml2-utils',
  },
  {
    name: 'python3-feedparser',
    present: () => existsSync('/usr/lib/python3/dist-packages/feedparser'),
    install: 'apt-get install -y python3-feedparser',
  },
  {
    name: 'python3-dkim',
    present: () => existsSync('/usr/lib/python3/dist-packages/dkim'),
    install: 'apt-get install -y python3-dkim',
  },
  {
    name: 'openssl',
    present: () => existsSync('/usr/bin/openssl'),
    install: 'apt-get install -y openssl',
  },
  {
    name: 'PostgreSQL',
    present: () => Boolean(process.env.GAZETTE_TEST_POSTGRES_URL),
    install: 'set GAZETTE_TEST_POSTGRES_URL=postgres://user@host:5432/database',
  },
];

export default function setup(): void {
  const missing = peers.filter((peer) => !peer.present());
  if (missing.length > 0 && process.env.CI === 'true') {
    throw new Error(`CI needs every peer; missing: ${missing.map((peer) => peer.name).join(', ')}`);
  }
  for (const peer of missing)
    console.warn(`skipping tests that need ${peer.name}: ${peer.install}`);
  // Test files see this and skip quietly: the line above was the one message per peer.
  process.env.GAZETTE_TEST_PEERS_REPORTED = '1';
}
