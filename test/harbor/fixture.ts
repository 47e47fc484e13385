import { HarborProps } from '../../constructs/harbor/harbor';

export const harborProps: HarborProps = {
  namespace: 'prod-registry',
  exposure: { kind: 'ingress', host: 'harbor.example.com', className: 'nginx', tlsSecretName: 'harbor-tls' },
  adminPassword: { secretName: 'harbor-admin' },
  encryptionKeySecret: 'harbor-encryption-key',
  internalSecret: 'harbor-internal',
  tokenCertSecret: 'harbor-token-cert',
  imageStorage: { kind: 'filesystem', volume: { size: '100Gi', storageClass: 'ceph-rbd' } },
  database: { kind: 'internal', volume: { size: '10Gi' }, passwordSecret: 'harbor-database' },
  redis: { kind: 'internal', volume: { size: '2Gi' } },
};
