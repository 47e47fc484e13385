/**
 * Permission ids the matrix-auth plugin (3.x) accepts in JCasC, `<group>/<name>`, recorded from
 * the permissions Jenkins core 2.5xx LTS declares (hudson.model.Hudson/Jenkins, Item, Computer,
 * Run, View, hudson.scm.SCM), the credentials plugin (CredentialsProvider) and workflow-cps
 * (Run/Replay). matrix-auth rejects an unknown id when it loads the configuration, so a typo
 * would stop JCasC at start. Overall/Manage and Overall/SystemRead are left out: core keeps them
 * disabled unless a system property enables them.
 */
export const MATRIX_PERMISSIONS = [
  'Overall/Administer',
  'Overall/Read',
  'Credentials/Create',
  'Credentials/Update',
  'Credentials/View',
  'Credentials/Delete',
  'Credentials/ManageDomains',
  'Agent/Build',
  'Agent/Configure',
  'Agent/Connect',
  'Agent/Create',
  'Agent/Delete',
  'Agent/Disconnect',
  'Agent/ExtendedRead',
  'Job/Build',
  'Job/Cancel',
  'Job/Configure',
  'Job/Create',
  'Job/Delete',
  'Job/Discover',
  'Job/ExtendedRead',
  'Job/Read',
  'Job/Workspace',
  'Run/Delete',
  'Run/Replay',
  'Run/Update',
  'View/Configure',
  'View/Create',
  'View/Delete',
  'View/Read',
  'SCM/Tag',
] as const;

export type MatrixPermission = (typeof MATRIX_PERMISSIONS)[number];

/**
 * What the Swarm client's user needs with the global matrix, and nothing more (swarm-plugin
 * docs/security.adoc, "Authorization": Overall/Read, Agent/Create, Agent/Connect, and
 * Agent/Configure, which only the project-based matrix can do without).
 */
export const SWARM_AGENT_PERMISSIONS: readonly MatrixPermission[] = ['Overall/Read', 'Agent/Create', 'Agent/Connect', 'Agent/Configure'];

/** Permissions that reach the script console, every credential or the controller's configuration. */
export const ADMINISTRATIVE_PERMISSIONS: readonly MatrixPermission[] = ['Overall/Administer', 'Credentials/View', 'Credentials/Update'];
