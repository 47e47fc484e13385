import { Construct } from 'constructs';
import { Checks, ensured } from '../common/errors';
import { HELM_CHARTS } from '../common/helm-charts';
import { requireSecret, SecretKeyRef, secretEnv, SecretValueRule } from '../common/secrets';
import { checkPersistentVolume, checkVolume, DATA_PROTECTION_ANNOTATIONS, VolumeSpec } from '../common/storage';
import { UpstreamRelease } from '../upstream/upstream-release';
import { PROP_SHAPES } from '../common/prop-shapes.generated';
import { checkAnnotations } from '../common/exposure';
import { isAbsoluteHttpUrl } from '../common/urls';

/** How users and container runtimes reach Harbor. */
export type HarborExposure =
  | {
      readonly kind: 'ingress';
      readonly host: string;
      /** @default undefined (the cluster's default IngressClass) */
      readonly className?: string;
      /** Secret holding tls.crt/tls.key; omit to serve plain HTTP. @default undefined */
      readonly tlsSecretName?: string;
      /** @default {} */
      readonly annotations?: Record<string, string>;
    }
  | {
      readonly kind: 'loadBalancer';
      /** DNS name that resolves to the Service's address. */
      readonly host: string;
      /** Binds the Service to an address pool (see LoadBalancerPool.annotations). */
      readonly annotations: Record<string, string>;
      /** Secret holding tls.crt/tls.key; omit to serve plain HTTP. @default undefined */
      readonly tlsSecretName?: string;
    };

/** Where image layers are kept. */
export type HarborImageStorage =
  | { readonly kind: 'filesystem'; readonly volume: VolumeSpec }
  | {
      /** S3-compatible object storage such as Ceph RGW. */
      readonly kind: 's3';
      readonly bucket: string;
      /** e.g. `http://rook-ceph-rgw-store.rook-ceph.svc`. */
      readonly endpoint: string;
      /** @default 'us-east-1' (Ceph RGW ignores it, the S3 driver requires one) */
      readonly region?: string;
      /** Secret with keys REGISTRY_STORAGE_S3_ACCESSKEY and REGISTRY_STORAGE_S3_SECRETKEY (names fixed by the chart). */
      readonly credentialsSecret: string;
      /** Serve blobs through the registry instead of redirecting clients to the bucket. @default true (RGW endpoints are usually in-cluster) */
      readonly disableRedirect?: boolean;
    };

export type HarborDatabase =
  | {
      readonly kind: 'internal';
      readonly volume: VolumeSpec;
      /**
       * Secret with key `password`: the internal PostgreSQL superuser password. Required, so no
       * environment runs with the chart's published default (`changeit`).
       */
      readonly passwordSecret: string;
    }
  | {
      readonly kind: 'external';
      readonly host: string;
      /** @default 5432 */
      readonly port?: number;
      readonly username: string;
      /** @default 'registry' */
      readonly database?: string;
      /** Secret with key `password` (fixed by the chart). */
      readonly passwordSecret: string;
      /** @default 'require' */
      readonly sslMode?: 'disable' | 'require' | 'verify-ca' | 'verify-full';
    };

export type HarborRedis =
  | { readonly kind: 'internal'; readonly volume: VolumeSpec }
  | {
      readonly kind: 'external';
      /** `host:port`. */
      readonly address: string;
      /**
       * Secret with key REDIS_PASSWORD; the value must be URL-safe (letters, digits, `.`, `_`, `~`,
       * `-`): it is placed unescaped in Harbor's redis:// URLs. @default undefined (no password)
       */
      readonly passwordSecret?: string;
    };

export interface HarborProps {
  /** Helm release name. @default 'harbor' */
  readonly releaseName?: string;
  /** Namespace Harbor is installed in. */
  readonly namespace: string;
  readonly exposure: HarborExposure;
  /** Secret with the initial admin password. Key @default 'HARBOR_ADMIN_PASSWORD' (the chart's). */
  readonly adminPassword: { readonly secretName: string; readonly key?: string };
  /** Secret with the encryption key under key `secretKey` (fixed by the chart), exactly 16 characters. */
  readonly encryptionKeySecret: string;
  /**
   * Secret with the keys Harbor's components share: `secret` (core), `JOBSERVICE_SECRET`,
   * `REGISTRY_HTTP_SECRET` (16 characters each, as the chart requires), `CSRF_KEY` (exactly 32
   * characters: with any other length each core pod generates its own key and CSRF fails across
   * replicas) and `REGISTRY_PASSWD` / `REGISTRY_HTPASSWD` (core's registry login). Without it the
   * chart generates them on every render, which Argo CD renders on every sync: they would rotate
   * and never converge.
   */
  readonly internalSecret: string;
  /** TLS Secret (tls.crt, tls.key) core signs registry tokens with; generated per render otherwise. */
  readonly tokenCertSecret: string;
  readonly imageStorage: HarborImageStorage;
  readonly database: HarborDatabase;
  readonly redis: HarborRedis;
  /** Vulnerability scanning. @default { enabled: true, volume: { size: '5Gi' } } */
  readonly trivy?: { readonly enabled: false } | { readonly enabled: true; readonly volume: VolumeSpec };
  /** Job logs volume. @default { size: '1Gi' } */
  readonly jobLogVolume?: VolumeSpec;
  /** Replicas of the stateless parts (core, portal, registry, jobservice). @default 1 */
  readonly replicas?: number;
  /** @default 0 (after the operators, with the workloads) */
  readonly syncWave?: number;
}

const S3_KEYS = ['REGISTRY_STORAGE_S3_ACCESSKEY', 'REGISTRY_STORAGE_S3_SECRETKEY'];
const CHART_16 = { length: 16, reason: 'harbor-helm 1.19 values.yaml: "Must be a string of 16 chars"' };
/** What Harbor's programs require of each shared key's value (checked by `pulumi up`). */
export const HARBOR_INTERNAL_KEY_RULES: Record<string, SecretValueRule | undefined> = {
  secret: CHART_16,
  // goharbor/harbor src/server/middleware/csrf/csrf.go: any other length and each core pod
  // generates a random key of its own.
  CSRF_KEY: { length: 32, reason: 'Harbor core (middleware/csrf) ignores a key that is not 32 characters and generates one per pod' },
  JOBSERVICE_SECRET: CHART_16,
  REGISTRY_HTTP_SECRET: CHART_16,
  REGISTRY_PASSWD: undefined,
  REGISTRY_HTPASSWD: undefined,
};
export const HARBOR_ENCRYPTION_KEY_RULE: SecretValueRule = CHART_16;
/** Characters that stay literal in a URL's userinfo (RFC 3986 unreserved). */
export const HARBOR_REDIS_PASSWORD_RULE: SecretValueRule = {
  pattern: '[A-Za-z0-9._~-]+',
  reason: "it is placed unescaped in Harbor's redis:// URLs (Kubernetes $(VAR) expansion does no URL encoding)",
};

/**
 * The Redis databases Harbor's components use, as harbor-helm 1.19 templates/_helpers.tpl numbers
 * them for an external Redis (harbor.redis.urlFor*), and the environment variable through which
 * each program takes its URL instead of the chart's rendered one.
 */
export const HARBOR_REDIS_URLS = {
  // core: src/core/main.go reads _REDIS_URL_CORE (sessions, cache) and _REDIS_URL_REG (registry cache).
  core: [
    { env: '_REDIS_URL_CORE', db: 0, query: '?idle_timeout_seconds=30' },
    { env: '_REDIS_URL_REG', db: 2, query: '?idle_timeout_seconds=30' },
  ],
  // jobservice: src/jobservice/config/config.go lets JOB_SERVICE_POOL_REDIS_URL override config.yml's redis_url.
  jobservice: [{ env: 'JOB_SERVICE_POOL_REDIS_URL', db: 1, query: '' }],
  // harbor-scanner-trivy pkg/etc/config.go: RedisPool.URL is SCANNER_REDIS_URL.
  trivy: [{ env: 'SCANNER_REDIS_URL', db: 5, query: '?idle_timeout_seconds=30' }],
} as const;
/** distribution's configuration lets REGISTRY_REDIS_PASSWORD override config.yml's redis.password. */
export const REGISTRY_REDIS_PASSWORD_ENV = 'REGISTRY_REDIS_PASSWORD';
/** Holds the password inside each container so the URLs above can reference it as $(REDIS_PASSWORD). */
const REDIS_PASSWORD_ENV = 'REDIS_PASSWORD';

/** Harbor from its upstream chart; every credential comes from an existing Secret. */
export class Harbor extends Construct {
  /** The registry host, as used in image names (`<registryHost>/<project>/<image>`). */
  readonly registryHost: string;
  readonly externalUrl: string;
  readonly release: UpstreamRelease;

  constructor(scope: Construct, id: string, props: HarborProps) {
    super(scope, id);
    const releaseName = props.releaseName ?? 'harbor';
    const trivy = props.trivy ?? { enabled: true as const, volume: { size: '5Gi' as const } };
    const jobLog = props.jobLogVolume ?? { size: '1Gi' as const };
    const replicas = props.replicas ?? 1;
    const adminKey = props.adminPassword?.key ?? 'HARBOR_ADMIN_PASSWORD';
    const e = props.exposure;

    const checks: Checks = new Checks(this, 'harbor');
    checks.knownFields(props, PROP_SHAPES.HarborProps);
    checks.that(['ingress', 'loadBalancer'].includes(e?.kind), 'exposure.kind', e?.kind, "must be 'ingress' or 'loadBalancer'");
    checks.dnsSubdomain('exposure.host', e.host);
    checkAnnotations(checks, 'exposure.annotations', e.annotations);
    if (e.kind === 'ingress' && e.className !== undefined) checks.dnsSubdomain('exposure.className', e.className);
    if (e.tlsSecretName !== undefined) {
      for (const key of ['tls.crt', 'tls.key'])
        requireSecret(this, checks, 'exposure.tlsSecretName', { name: e.tlsSecretName, key }, `TLS certificate of ${e.host}`);
    }
    requireSecret(
      this,
      checks,
      'adminPassword',
      props.adminPassword && { name: props.adminPassword.secretName, key: adminKey },
      'Harbor initial admin password',
    );
    requireSecret(
      this,
      checks,
      'encryptionKeySecret',
      props.encryptionKeySecret === undefined ? undefined : { name: props.encryptionKeySecret, key: 'secretKey' },
      'Harbor encryption key (16 characters)',
      HARBOR_ENCRYPTION_KEY_RULE,
    );
    for (const [key, rule] of Object.entries(HARBOR_INTERNAL_KEY_RULES)) {
      requireSecret(
        this,
        checks,
        'internalSecret',
        props.internalSecret === undefined ? undefined : { name: props.internalSecret, key },
        'Harbor internal component secrets',
        rule,
      );
    }
    for (const key of ['tls.crt', 'tls.key']) {
      requireSecret(
        this,
        checks,
        'tokenCertSecret',
        props.tokenCertSecret === undefined ? undefined : { name: props.tokenCertSecret, key },
        'Harbor token signing certificate',
      );
    }
    checks.integer('replicas', replicas, 1, 10);
    const s = props.imageStorage;
    checks.that(['filesystem', 's3'].includes(s?.kind), 'imageStorage.kind', s?.kind, "must be 'filesystem' or 's3'");
    if (s.kind === 'filesystem') {
      checkVolume(checks, 'imageStorage.volume', s.volume);
      checks.that(
        replicas === 1 || s.volume.accessMode === 'ReadWriteMany',
        'replicas',
        replicas,
        "must be 1 with filesystem image storage on a ReadWriteOnce volume (use 's3' or a ReadWriteMany volume to scale the registry)",
      );
    } else {
      checks.that(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(s.bucket), 'imageStorage.bucket', s.bucket, 'must be an S3 bucket name');
      checks.that(isAbsoluteHttpUrl(s.endpoint), 'imageStorage.endpoint', s.endpoint, 'must be an http(s) URL');
      S3_KEYS.forEach((key) =>
        requireSecret(
          this,
          checks,
          'imageStorage.credentialsSecret',
          s.credentialsSecret === undefined ? undefined : { name: s.credentialsSecret, key },
          'Harbor image storage (S3) credentials',
        ),
      );
    }
    const db = props.database;
    checks.that(['internal', 'external'].includes(db?.kind), 'database.kind', db?.kind, "must be 'internal' or 'external'");
    let dbPassword: SecretKeyRef | undefined;
    if (db.kind === 'internal') {
      checkVolume(checks, 'database.volume', db.volume);
      dbPassword = requireSecret(
        this,
        checks,
        'database.passwordSecret',
        db.passwordSecret === undefined ? undefined : { name: db.passwordSecret, key: 'password' },
        'Harbor internal database password',
      );
    } else {
      checks.dnsSubdomain('database.host', db.host);
      checks.integer('database.port', db.port ?? 5432, 1, 65535);
      checks.that(typeof db.username === 'string' && db.username.length > 0, 'database.username', db.username, 'must name the database user');
      requireSecret(
        this,
        checks,
        'database.passwordSecret',
        db.passwordSecret === undefined ? undefined : { name: db.passwordSecret, key: 'password' },
        'Harbor database password',
      );
    }
    const redis = props.redis;
    checks.that(['internal', 'external'].includes(redis?.kind), 'redis.kind', redis?.kind, "must be 'internal' or 'external'");
    let redisPassword: SecretKeyRef | undefined;
    if (redis.kind === 'internal') checkVolume(checks, 'redis.volume', redis.volume);
    else {
      checks.that(/^[a-z0-9.-]+:\d{1,5}$/.test(redis.address), 'redis.address', redis.address, "must be 'host:port'");
      if (redis.passwordSecret !== undefined)
        redisPassword = requireSecret(
          this,
          checks,
          'redis.passwordSecret',
          { name: redis.passwordSecret, key: 'REDIS_PASSWORD' },
          'Harbor Redis password',
          HARBOR_REDIS_PASSWORD_RULE,
        );
    }
    if (trivy.enabled) checkVolume(checks, 'trivy.volume', trivy.volume);
    checkVolume(checks, 'jobLogVolume', jobLog);
    // The chart has one switch, persistence.enabled, for every volume at once (harbor-helm 1.19,
    // templates/*/*-pvc.yaml): a single volume cannot become an emptyDir, so an ephemeral one would persist.
    const why = "Harbor's chart turns persistence on or off for all its volumes at once";
    const volumes: [string, VolumeSpec | undefined][] = [
      ['imageStorage.volume', s.kind === 'filesystem' ? s.volume : undefined],
      ['database.volume', db.kind === 'internal' ? db.volume : undefined],
      ['redis.volume', redis.kind === 'internal' ? redis.volume : undefined],
      ['trivy.volume', trivy.enabled ? trivy.volume : undefined],
      ['jobLogVolume', jobLog],
    ];
    for (const [field, v] of volumes) if (v) checkPersistentVolume(checks, field, v, why);

    const tls = e.tlsSecretName !== undefined;
    this.registryHost = e.host;
    this.externalUrl = `${tls ? 'https' : 'http'}://${e.host}`;
    // Argo CD prunes the release (what the chart no longer renders goes); the chart's claims are
    // data and carry Prune=false,Delete=false (Argo CD ignores helm.sh/resource-policy).
    const pvc = (v: VolumeSpec) => ({
      size: v.size,
      storageClass: v.storageClass ?? '',
      accessMode: v.accessMode ?? 'ReadWriteOnce',
      annotations: { ...DATA_PROTECTION_ANNOTATIONS },
    });

    // The chart reads an existing Redis password only through Helm `lookup`
    // (templates/_helpers.tpl, harbor.redis.pwdfromsecret), which Argo CD's render never performs,
    // and inlines whatever it gets into ConfigMaps. So the chart is given no password at all, and
    // each program takes its Redis URL from an environment variable built from the Secret: a
    // container's `env` overrides its `envFrom` and the chart's config files.
    const redisEnv = (component: keyof typeof HARBOR_REDIS_URLS) =>
      redis.kind !== 'external' || redisPassword === undefined
        ? []
        : [
            secretEnv(REDIS_PASSWORD_ENV, redisPassword),
            ...HARBOR_REDIS_URLS[component].map((u) => ({
              name: u.env,
              value: `redis://:$(${REDIS_PASSWORD_ENV})@${redis.address}/${u.db}${u.query}`,
            })),
          ];
    // Likewise the internal database: the chart only knows `database.internal.password` (default
    // `changeit`) and puts it in its own Secrets; our Secret's value overrides it in the database
    // container (initdb) and in core, the only programs that use it (exporter is off).
    const dbEnv = dbPassword === undefined ? [] : [secretEnv('POSTGRESQL_PASSWORD', dbPassword)];
    const extraEnv = (env: readonly object[]) => (env.length ? { extraEnvVars: [...env] } : {});

    const values = {
      expose: {
        type: e.kind,
        tls: tls ? { enabled: true, certSource: 'secret', secret: { secretName: e.tlsSecretName } } : { enabled: false },
        ...(e.kind === 'ingress'
          ? {
              ingress: {
                hosts: { core: e.host },
                className: e.className ?? '',
                // Image layers are large: no request body limit.
                annotations: {
                  'nginx.ingress.kubernetes.io/proxy-body-size': '0',
                  ...(tls ? { 'nginx.ingress.kubernetes.io/ssl-redirect': 'true' } : {}),
                  ...e.annotations,
                },
              },
            }
          : { loadBalancer: { name: releaseName, annotations: { ...e.annotations } } }),
      },
      externalURL: this.externalUrl,
      existingSecretAdminPassword: props.adminPassword.secretName,
      existingSecretAdminPasswordKey: adminKey,
      existingSecretSecretKey: props.encryptionKeySecret,
      persistence: {
        enabled: true,
        // Helm uninstall keeps the claims: registry data is never lost by a deploy.
        resourcePolicy: 'keep',
        persistentVolumeClaim: {
          ...(s.kind === 'filesystem' ? { registry: pvc(s.volume) } : {}),
          jobservice: { jobLog: pvc(jobLog) },
          ...(db.kind === 'internal' ? { database: pvc(db.volume) } : {}),
          ...(redis.kind === 'internal' ? { redis: pvc(redis.volume) } : {}),
          ...(trivy.enabled ? { trivy: pvc(trivy.volume) } : {}),
        },
        imageChartStorage:
          s.kind === 'filesystem'
            ? { type: 'filesystem' }
            : {
                type: 's3',
                disableredirect: s.disableRedirect ?? true,
                s3: { existingSecret: s.credentialsSecret, bucket: s.bucket, region: s.region ?? 'us-east-1', regionendpoint: s.endpoint },
              },
      },
      database:
        db.kind === 'internal'
          ? { type: 'internal', internal: { extraEnvVars: [secretEnv('POSTGRES_PASSWORD', ensured(dbPassword, 'the internal database password'))] } }
          : {
              type: 'external',
              external: {
                host: db.host,
                port: String(db.port ?? 5432),
                username: db.username,
                coreDatabase: db.database ?? 'registry',
                existingSecret: db.passwordSecret,
                sslmode: db.sslMode ?? 'require',
              },
            },
      // Never `existingSecret` nor `password`: see redisEnv.
      redis: redis.kind === 'internal' ? { type: 'internal' } : { type: 'external', external: { addr: redis.address } },
      trivy: { enabled: trivy.enabled, ...(trivy.enabled ? extraEnv(redisEnv('trivy')) : {}) },
      core: {
        replicas,
        existingSecret: props.internalSecret,
        existingXsrfSecret: props.internalSecret,
        existingXsrfSecretKey: 'CSRF_KEY',
        secretName: props.tokenCertSecret,
        ...extraEnv([...dbEnv, ...redisEnv('core')]),
      },
      portal: { replicas },
      registry: {
        replicas,
        existingSecret: props.internalSecret,
        existingSecretKey: 'REGISTRY_HTTP_SECRET',
        credentials: { existingSecret: props.internalSecret },
        ...(redisPassword ? { registry: { extraEnvVars: [secretEnv(REGISTRY_REDIS_PASSWORD_ENV, redisPassword)] } } : {}),
      },
      jobservice: { replicas, existingSecret: props.internalSecret, existingSecretKey: 'JOBSERVICE_SECRET', ...extraEnv(redisEnv('jobservice')) },
    };
    this.release = new UpstreamRelease(this, 'Release', {
      name: releaseName,
      namespace: props.namespace,
      chart: HELM_CHARTS.harbor,
      values,
      syncWave: props.syncWave ?? 0,
      component: 'registry',
      // Stateless objects the chart stops rendering are removed; its claims are protected (see pvc).
      prune: true,
      serverSideApply: false,
    });
  }
}
