import { aol } from './aol.ts';
import { fastmail } from './fastmail.ts';
import { gmail } from './gmail.ts';
import { gmx } from './gmx.ts';
import { googleWorkspace } from './google-workspace.ts';
import { icloud } from './icloud.ts';
import { imap } from './imap.ts';
import { labBulk, labIsp, labStrict } from './lab.ts';
import { mailboxOrg } from './mailbox-org.ts';
import { microsoft365 } from './microsoft365.ts';
import { outlook } from './outlook.ts';
import { posteo } from './posteo.ts';
import { proton } from './proton.ts';
import { tOnline } from './t-online.ts';
import type { ProviderPreset } from './types.ts';
import { webde } from './webde.ts';
import { yahoo } from './yahoo.ts';
import { zoho } from './zoho.ts';

/** Every preset, in the order `landed providers` lists them. A new provider is one file and one line here. */
const PRESETS: readonly ProviderPreset[] = [
  gmail,
  googleWorkspace,
  outlook,
  microsoft365,
  yahoo,
  aol,
  icloud,
  gmx,
  webde,
  tOnline,
  zoho,
  fastmail,
  mailboxOrg,
  posteo,
  proton,
  imap,
  labStrict,
  labBulk,
  labIsp,
];

const BY_ID = new Map(PRESETS.map((preset) => [preset.id, preset]));

/** The preset for `provider: <id>` (case-insensitive), or undefined for an unknown id. */
export function getProvider(id: string): ProviderPreset | undefined {
  return BY_ID.get(id.toLowerCase());
}

/** What a seed carries of its preset once the config is loaded (ResolvedSeed): nothing later looks it up again. */
export function presetFacts(preset: ProviderPreset) {
  return {
    folderNames: preset.folders,
    authResultsWithoutId: preset.authResultsWithoutId ?? false,
    gmailTabs: preset.gmailTabs ?? false,
    loginHint: preset.loginHint,
  };
}

/** What analysis needs of a provider (`landed inspect --provider`, tests): whose headers to trust, which rules. */
export function providerContext(id: string) {
  const preset = getProvider(id);
  return {
    authservIds: [...(preset?.authservIds ?? [])],
    authResultsWithoutId: preset?.authResultsWithoutId ?? false,
    requirements: preset?.requirements ? [preset.requirements] : [],
  };
}

export function listProviders(): readonly ProviderPreset[] {
  return PRESETS;
}
