import { Harbor, HarborProps } from '../../constructs/harbor/harbor';
import { scope } from '../support/harness';
import { harborProps } from './fixture';

const build = (override: Partial<HarborProps>) => () => new Harbor(scope('prod'), 'harbor', { ...harborProps, ...override });

describe('Harbor errors', () => {
  test('missing admin password Secret', () => {
    expect(build({ adminPassword: undefined as never })).toThrow(
      "harbor 'test/harbor' (prod): adminPassword must reference a Secret key ({ name, key }); got nothing",
    );
  });

  test('missing encryption key Secret', () => {
    expect(build({ encryptionKeySecret: undefined as never })).toThrow(
      "harbor 'test/harbor' (prod): encryptionKeySecret must reference a Secret key ({ name, key }); got nothing",
    );
  });

  test('missing internal and token Secrets', () => {
    expect(build({ internalSecret: undefined as never })).toThrow(
      "harbor 'test/harbor' (prod): internalSecret must reference a Secret key ({ name, key }); got nothing",
    );
    expect(build({ tokenCertSecret: undefined as never })).toThrow(
      "harbor 'test/harbor' (prod): tokenCertSecret must reference a Secret key ({ name, key }); got nothing",
    );
  });

  test('S3 storage without its credentials Secret', () => {
    expect(build({ imageStorage: { kind: 's3', bucket: 'harbor', endpoint: 'http://rgw.rook-ceph.svc', credentialsSecret: undefined as never } })).toThrow(
      "harbor 'test/harbor' (prod): imageStorage.credentialsSecret must reference a Secret key ({ name, key }); got nothing",
    );
  });

  test('internal database without its password Secret (no silent chart default)', () => {
    expect(build({ database: { kind: 'internal', volume: { size: '10Gi' }, passwordSecret: undefined as never } })).toThrow(
      "harbor 'test/harbor' (prod): database.passwordSecret must reference a Secret key ({ name, key }); got nothing",
    );
  });

  test('external database without its password Secret', () => {
    expect(build({ database: { kind: 'external', host: 'pg.databases.svc', username: 'harbor', passwordSecret: undefined as never } })).toThrow(
      "harbor 'test/harbor' (prod): database.passwordSecret must reference a Secret key ({ name, key }); got nothing",
    );
  });

  test('several registry replicas on a ReadWriteOnce filesystem volume', () => {
    expect(build({ replicas: 2 })).toThrow(
      "harbor 'test/harbor' (prod): replicas must be 1 with filesystem image storage on a ReadWriteOnce volume (use 's3' or a ReadWriteMany volume to scale the registry); got 2",
    );
  });

  test('bad S3 endpoint, Redis address and host', () => {
    expect(build({ imageStorage: { kind: 's3', bucket: 'harbor', endpoint: 'rgw.rook-ceph.svc', credentialsSecret: 'harbor-s3' } })).toThrow(
      'harbor \'test/harbor\' (prod): imageStorage.endpoint must be an http(s) URL; got "rgw.rook-ceph.svc"',
    );
    // The registry's S3 driver sends requests to the endpoint's host: a URL without one reaches nothing.
    expect(build({ imageStorage: { kind: 's3', bucket: 'harbor', endpoint: 'https:///bucket', credentialsSecret: 'harbor-s3' } })).toThrow(
      'harbor \'test/harbor\' (prod): imageStorage.endpoint must be an http(s) URL; got "https:///bucket"',
    );
    expect(build({ redis: { kind: 'external', address: 'redis.databases.svc' } })).toThrow(
      "harbor 'test/harbor' (prod): redis.address must be 'host:port'; got \"redis.databases.svc\"",
    );
    expect(build({ exposure: { kind: 'ingress', host: 'Harbor.Example.com' } })).toThrow(
      'harbor \'test/harbor\' (prod): exposure.host must be a DNS-1123 subdomain (lower-case letters, digits, "-" and ".", at most 253 characters); got "Harbor.Example.com"',
    );
  });
});
