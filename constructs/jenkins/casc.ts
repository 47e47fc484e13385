/**
 * Jenkins Configuration as Code (JCasC) rendered from a typed model. Secrets never appear in
 * the document: they are `${ENV_VAR}` references that JCasC resolves from environment
 * variables, which the controller reads from Kubernetes Secrets.
 */
import { renderYaml } from '../common/render/yaml';

/** Who may do what. */
export type AuthorizationStrategy =
  | { readonly kind: 'loggedInUsersCanDoAnything'; /** @default false */ readonly allowAnonymousRead?: boolean }
  | { readonly kind: 'globalMatrix'; readonly entries: readonly MatrixEntry[] };

/** One row of the matrix-auth (3.x) global matrix. */
export interface MatrixEntry {
  readonly type: 'user' | 'group';
  /** A literal name, or the environment variable holding it (a user whose id is in a Secret). */
  readonly name: string | { readonly variable: string };
  /** Permission ids such as `Overall/Administer`, `Job/Build`, `Agent/Connect`. */
  readonly permissions: readonly string[];
}

/** A local user whose id and password come from environment variables. */
export interface CascUser {
  readonly idVariable: string;
  readonly passwordVariable: string;
}

/** A credential whose secret part comes from an environment variable. */
export type CascCredential =
  | { readonly kind: 'usernamePassword'; readonly id: string; readonly description: string; readonly username: string; readonly passwordVariable: string }
  | { readonly kind: 'secretText'; readonly id: string; readonly description: string; readonly secretVariable: string };

export interface CascContainer {
  readonly name: string;
  readonly image: string;
  readonly requestCpu: string;
  readonly requestMemory: string;
  readonly limitCpu?: string;
  readonly limitMemory: string;
  readonly workingDir: string;
}

export interface CascPodTemplate {
  readonly name: string;
  /** Jenkins labels (space-separated in Jenkins) that jobs select. */
  readonly labels: readonly string[];
  readonly serviceAccount: string;
  readonly idleMinutes: number;
  readonly instanceCap: number;
  /** Raw pod YAML merged under the template (security context, token mounting …). */
  readonly podYaml: string;
  readonly containers: readonly CascContainer[];
  readonly imagePullSecrets: readonly string[];
}

export interface CascKubernetesCloud {
  readonly name: string;
  /** @default undefined (the controller's own namespace, read from its service account) */
  readonly namespace?: string;
  readonly jenkinsUrl: string;
  /** `host:port` of the inbound TCP agent listener; undefined with WebSocket agents. */
  readonly jenkinsTunnel?: string;
  readonly webSocket: boolean;
  readonly containerCap: number;
  readonly podLabels: Record<string, string>;
  readonly templates: readonly CascPodTemplate[];
}

export interface CascModel {
  readonly systemMessage: string;
  /** Port of the inbound TCP agent listener; -1 disables it (WebSocket agents only). */
  readonly agentPort: number;
  readonly users: readonly CascUser[];
  readonly authorization: AuthorizationStrategy;
  readonly clouds: readonly CascKubernetesCloud[];
  readonly credentials: readonly CascCredential[];
  /** The URL users reach Jenkins at (links in mails, build status). */
  readonly url: string;
}

/** JCasC expands `${…}`; a literal `${` must be written `^${`. */
export function cascLiteral(text: string): string {
  return text.replace(/\$\{/g, '^${');
}

const envRef = (variable: string) => `\${${variable}}`;

function authorization(a: AuthorizationStrategy): Record<string, unknown> {
  switch (a.kind) {
    case 'loggedInUsersCanDoAnything':
      return { loggedInUsersCanDoAnything: { allowAnonymousRead: a.allowAnonymousRead ?? false } };
    case 'globalMatrix':
      return {
        globalMatrix: {
          entries: a.entries.map((e) => ({
            [e.type]: { name: typeof e.name === 'string' ? cascLiteral(e.name) : envRef(e.name.variable), permissions: [...e.permissions] },
          })),
        },
      };
  }
}

function credential(c: CascCredential): Record<string, unknown> {
  switch (c.kind) {
    case 'usernamePassword':
      return {
        usernamePassword: {
          scope: 'GLOBAL',
          id: c.id,
          description: cascLiteral(c.description),
          username: cascLiteral(c.username),
          password: envRef(c.passwordVariable),
        },
      };
    case 'secretText':
      return { string: { scope: 'GLOBAL', id: c.id, description: cascLiteral(c.description), secret: envRef(c.secretVariable) } };
  }
}

function cloud(c: CascKubernetesCloud): Record<string, unknown> {
  return {
    kubernetes: {
      name: c.name,
      namespace: c.namespace,
      jenkinsUrl: c.jenkinsUrl,
      jenkinsTunnel: c.jenkinsTunnel,
      webSocket: c.webSocket,
      containerCapStr: String(c.containerCap),
      podLabels: Object.entries(c.podLabels).map(([key, value]) => ({ key, value })),
      templates: c.templates.map((t) => ({
        name: t.name,
        label: t.labels.join(' '),
        nodeUsageMode: 'EXCLUSIVE',
        serviceAccount: t.serviceAccount,
        idleMinutes: t.idleMinutes,
        instanceCap: t.instanceCap,
        yamlMergeStrategy: 'merge',
        yaml: t.podYaml,
        imagePullSecrets: t.imagePullSecrets.length ? t.imagePullSecrets.map((name) => ({ name })) : undefined,
        containers: t.containers.map((k) => ({
          name: k.name,
          image: k.image,
          workingDir: k.workingDir,
          ttyEnabled: false,
          resourceRequestCpu: k.requestCpu,
          resourceRequestMemory: k.requestMemory,
          resourceLimitCpu: k.limitCpu,
          resourceLimitMemory: k.limitMemory,
        })),
      })),
    },
  };
}

/** The JCasC document as a plain object (for tests and inspection). */
export function buildCasc(m: CascModel): Record<string, unknown> {
  return {
    jenkins: {
      systemMessage: cascLiteral(m.systemMessage),
      // The controller runs no builds: jobs run on agents, so a build cannot touch JENKINS_HOME.
      numExecutors: 0,
      mode: 'EXCLUSIVE',
      slaveAgentPort: m.agentPort,
      disableRememberMe: false,
      securityRealm: {
        local: {
          allowsSignup: false,
          users: m.users.map((u) => ({ id: envRef(u.idVariable), password: envRef(u.passwordVariable) })),
        },
      },
      authorizationStrategy: authorization(m.authorization),
      // No crumbIssuer: since 2.555.1 Jenkins rejects it in JCasC and always uses its default issuer.
      clouds: m.clouds.length ? m.clouds.map(cloud) : undefined,
    },
    credentials: m.credentials.length ? { system: { domainCredentials: [{ credentials: m.credentials.map(credential) }] } } : undefined,
    unclassified: { location: { url: m.url.endsWith('/') ? m.url : `${m.url}/` } },
  };
}

/** The JCasC YAML file. */
export function renderCasc(m: CascModel): string {
  return renderYaml(buildCasc(m));
}
