import { validateObject } from '../../cli/validation/schemas';
import { requiredSecrets } from '../../constructs/common/secrets';
import { releasesIn } from '../../constructs/upstream/upstream-release';
import { Harbor } from '../../constructs/harbor/harbor';
import { ImagePullSecret } from '../../constructs/harbor/image-pull-secret';
import { find, kinds, scope, synthesize } from '../support/harness';
import { harborProps } from './fixture';

const valuesOf = (objects: ReturnType<typeof synthesize>) => find(objects, 'Application', 'prod-registry-harbor').spec.source.helm.valuesObject;

describe('Harbor', () => {
  let harbor!: Harbor;
  const objects = synthesize((c) => {
    harbor = new Harbor(c, 'harbor', harborProps);
  });
  const values = valuesOf(objects);

  test('is one upstream release of the pinned goharbor chart, pruned (its claims protect themselves)', () => {
    expect(kinds(objects)).toEqual(['Application/prod-registry-harbor']);
    const app = find(objects, 'Application', 'prod-registry-harbor');
    expect(app.spec.source).toMatchObject({ repoURL: 'https://helm.goharbor.io', chart: 'harbor', targetRevision: '1.19.2' });
    expect(app.spec.destination.namespace).toBe('prod-registry');
    expect(app.spec.syncPolicy.automated.prune).toBe(true);
    expect(validateObject(app as never)).toEqual([]);
  });

  test('Ingress with TLS from a Secret, external URL and unlimited upload size', () => {
    expect(values.expose).toEqual({
      type: 'ingress',
      tls: { enabled: true, certSource: 'secret', secret: { secretName: 'harbor-tls' } },
      ingress: {
        hosts: { core: 'harbor.example.com' },
        className: 'nginx',
        annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': '0', 'nginx.ingress.kubernetes.io/ssl-redirect': 'true' },
      },
    });
    expect(values.externalURL).toBe('https://harbor.example.com');
    expect(harbor.registryHost).toBe('harbor.example.com');
  });

  test('the TLS certificate Secret is listed as required', () => {
    const s = scope('prod');
    new Harbor(s, 'harbor', harborProps);
    expect(requiredSecrets(s).find((r) => r.name === 'harbor-tls')).toEqual({
      name: 'harbor-tls',
      keys: ['tls.crt', 'tls.key'],
      purpose: 'TLS certificate of harbor.example.com',
    });
  });

  test('credentials only by existing Secrets, and they are listed as required', () => {
    expect(values.existingSecretAdminPassword).toBe('harbor-admin');
    expect(values.existingSecretAdminPasswordKey).toBe('HARBOR_ADMIN_PASSWORD');
    expect(values.existingSecretSecretKey).toBe('harbor-encryption-key');
    expect(JSON.stringify(values)).not.toMatch(/harborAdminPassword|Harbor12345|secretKey"/);
  });

  test('component secrets come from existing Secrets, so Argo CD renders are stable', () => {
    expect(values.core).toEqual({
      replicas: 1,
      existingSecret: 'harbor-internal',
      existingXsrfSecret: 'harbor-internal',
      existingXsrfSecretKey: 'CSRF_KEY',
      secretName: 'harbor-token-cert',
      extraEnvVars: [{ name: 'POSTGRESQL_PASSWORD', valueFrom: { secretKeyRef: { name: 'harbor-database', key: 'password' } } }],
    });
    expect(values.jobservice).toEqual({ replicas: 1, existingSecret: 'harbor-internal', existingSecretKey: 'JOBSERVICE_SECRET' });
    expect(values.registry).toEqual({
      replicas: 1,
      existingSecret: 'harbor-internal',
      existingSecretKey: 'REGISTRY_HTTP_SECRET',
      credentials: { existingSecret: 'harbor-internal' },
    });
  });

  test('persistent volumes are kept on uninstall; filesystem image storage; Trivy on by default', () => {
    expect(values.persistence.resourcePolicy).toBe('keep');
    expect(values.persistence.imageChartStorage).toEqual({ type: 'filesystem' });
    // Argo CD ignores helm.sh/resource-policy; its own sync options keep the claims (argo-cd
    // docs user-guide/sync-options.md, "No Prune Resources" and "No Resource Deletion").
    for (const claim of ['registry', 'database', 'redis', 'trivy'])
      expect(values.persistence.persistentVolumeClaim[claim].annotations).toEqual({
        'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
        'keelson.io/holds-data': 'true',
      });
    expect(values.persistence.persistentVolumeClaim.jobservice.jobLog.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=false,Delete=false');
    expect(values.persistence.persistentVolumeClaim.registry).toMatchObject({ size: '100Gi', storageClass: 'ceph-rbd', accessMode: 'ReadWriteOnce' });
    expect(values.persistence.persistentVolumeClaim.trivy.size).toBe('5Gi');
    expect(values.trivy).toEqual({ enabled: true });
    expect(values.database).toEqual({
      type: 'internal',
      internal: { extraEnvVars: [{ name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: 'harbor-database', key: 'password' } } }] },
    });
  });

  test('S3 storage on Ceph RGW, external database and Redis, LoadBalancer exposure, no Trivy', () => {
    const s = scope('prod');
    new Harbor(s, 'harbor', {
      ...harborProps,
      exposure: { kind: 'loadBalancer', host: 'harbor.example.com', annotations: { 'metallb.io/address-pool': 'prod-pool' } },
      imageStorage: { kind: 's3', bucket: 'harbor', endpoint: 'http://rgw.rook-ceph.svc', credentialsSecret: 'harbor-s3' },
      database: { kind: 'external', host: 'pg.databases.svc', username: 'harbor', passwordSecret: 'harbor-db' },
      redis: { kind: 'external', address: 'redis.databases.svc:6379', passwordSecret: 'harbor-redis' },
      trivy: { enabled: false },
      replicas: 2,
    });
    const [release] = releasesIn(s);
    const v = release.values as Record<string, any>;
    expect(v.expose).toEqual({
      type: 'loadBalancer',
      tls: { enabled: false },
      loadBalancer: { name: 'harbor', annotations: { 'metallb.io/address-pool': 'prod-pool' } },
    });
    expect(v.externalURL).toBe('http://harbor.example.com');
    expect(v.persistence.imageChartStorage).toEqual({
      type: 's3',
      disableredirect: true,
      s3: { existingSecret: 'harbor-s3', bucket: 'harbor', region: 'us-east-1', regionendpoint: 'http://rgw.rook-ceph.svc' },
    });
    expect(v.persistence.persistentVolumeClaim).not.toHaveProperty('registry');
    expect(v.persistence.persistentVolumeClaim).not.toHaveProperty('database');
    expect(v.database.external).toEqual({
      host: 'pg.databases.svc',
      port: '5432',
      username: 'harbor',
      coreDatabase: 'registry',
      existingSecret: 'harbor-db',
      sslmode: 'require',
    });
    expect(v.redis).toEqual({ type: 'external', external: { addr: 'redis.databases.svc:6379' } });
    expect(v.trivy).toEqual({ enabled: false });
    expect(v.core.replicas).toBe(2);
    expect(requiredSecrets(s).map((r) => [r.name, r.keys])).toEqual([
      ['harbor-admin', ['HARBOR_ADMIN_PASSWORD']],
      ['harbor-db', ['password']],
      ['harbor-encryption-key', ['secretKey']],
      ['harbor-internal', ['CSRF_KEY', 'JOBSERVICE_SECRET', 'REGISTRY_HTPASSWD', 'REGISTRY_HTTP_SECRET', 'REGISTRY_PASSWD', 'secret']],
      ['harbor-redis', ['REDIS_PASSWORD']],
      ['harbor-s3', ['REGISTRY_STORAGE_S3_ACCESSKEY', 'REGISTRY_STORAGE_S3_SECRETKEY']],
      ['harbor-token-cert', ['tls.crt', 'tls.key']],
    ]);
  });
});

describe('ImagePullSecret', () => {
  test('references a dockerconfigjson Secret and records it as required', () => {
    const s = scope('dev');
    const pull = new ImagePullSecret(s, 'pull', { secretName: 'harbor-pull', registry: 'harbor.example.com' });
    expect(pull.secretName).toBe('harbor-pull');
    expect(requiredSecrets(s)).toEqual([{ name: 'harbor-pull', keys: ['.dockerconfigjson'], purpose: 'pull images from harbor.example.com' }]);
  });

  test('rejects a bad Secret name', () => {
    expect(() => new ImagePullSecret(scope('dev'), 'pull', { secretName: 'Harbor Pull', registry: 'harbor.example.com' })).toThrow(
      'image-pull-secret \'test/pull\' (dev): secretName.name must be a DNS-1123 subdomain (lower-case letters, digits, "-" and ".", at most 253 characters); got "Harbor Pull"',
    );
  });
});
