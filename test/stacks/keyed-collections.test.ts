/**
 * Named collections (pod templates, Kafka topics and users, es-sync syncs) are keyed by name, so an
 * environment file overrides one entry without restating the others, and the rendered output
 * changes in that entry only.
 */
import { parse } from 'yaml';
import { EnvironmentOverrides } from '../../stacks/define';
import { getEnvironment } from '../../stacks/environments';
import { layer } from '../../stacks/merge';
import { buildPlatform } from '../../stacks/platform';
import { EnvironmentConfig } from '../../stacks/types';
import { Obj } from '../support/harness';

const prod = getEnvironment('prod');
const withOverride = (o: Omit<EnvironmentOverrides, 'tier'>): EnvironmentConfig => layer(prod, o as never);
const objectsOf = (env: EnvironmentConfig): Obj[] => buildPlatform(env).charts.flatMap((c) => c.toJson() as Obj[]);
const id = (o: Obj) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
/** Objects of `after` that differ from the object of the same id in `before`. */
const changed = (before: Obj[], after: Obj[]): string[] => {
  const old = new Map(before.map((o) => [id(o), JSON.stringify(o)]));
  expect(after.map(id)).toEqual(before.map(id));
  return after.filter((o) => old.get(id(o)) !== JSON.stringify(o)).map(id);
};
const casc = (objects: Obj[]) => parse(objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'jenkins-casc')!.data['jenkins.yaml']);
const templatesOf = (objects: Obj[]) => casc(objects).jenkins.clouds[0].kubernetes.templates as Obj[];

describe('an environment overriding one entry of a keyed collection', () => {
  const before = objectsOf(prod);

  test('topics: one topic changes, the other and every other object stay as they were', () => {
    const env = withOverride({ messaging: { topics: { deployments: { partitions: 12 } } } });
    expect(Object.keys(env.messaging.topics)).toEqual(['build-events', 'deployments']);
    expect(env.messaging.topics['build-events']).toEqual(prod.messaging.topics['build-events']);
    expect(env.messaging.topics.deployments).toEqual({ ...prod.messaging.topics.deployments, partitions: 12 });
    const after = objectsOf(env);
    expect(changed(before, after)).toEqual(['KafkaTopic/prod-messaging/deployments']);
    expect(after.find((o) => id(o) === 'KafkaTopic/prod-messaging/deployments')!.spec.partitions).toBe(12);
  });

  test('users: one user changes, the other keeps its ACLs', () => {
    const env = withOverride({ messaging: { users: { jenkins: { authentication: 'tls' } } } });
    expect(env.messaging.users.jenkins).toEqual({ ...prod.messaging.users.jenkins, authentication: 'tls' });
    expect(env.messaging.users['platform-reader']).toEqual(prod.messaging.users['platform-reader']);
    expect(changed(before, objectsOf(env))).toEqual(['KafkaUser/prod-messaging/jenkins']);
  });

  test('pod templates: one template changes in JCasC, the other is rendered as before', () => {
    const env = withOverride({ ci: { kubernetesCloud: { templates: { large: { instanceCap: 2 } } } } });
    expect(env.ci.kubernetesCloud.templates.default).toEqual(prod.ci.kubernetesCloud.templates.default);
    const after = objectsOf(env);
    const [oldDefault, oldLarge] = templatesOf(before);
    const [newDefault, newLarge] = templatesOf(after);
    expect(newDefault).toEqual(oldDefault);
    expect(newLarge).toEqual({ ...oldLarge, instanceCap: 2 });
    // The JCasC ConfigMap and the controller, whose pod template carries the configuration's checksum.
    expect(changed(before, after)).toEqual(['ConfigMap/prod-ci/jenkins-casc', 'StatefulSet/prod-ci/jenkins']);
  });

  test('syncs: one sync changes in its pipeline entries, the other keeps its own', () => {
    const env = withOverride({ esSync: { syncs: { catalog: { workers: 5 } } } });
    expect(env.esSync.syncs.commerce).toEqual(prod.esSync.syncs.commerce);
    const pipelines = (objects: Obj[], cm: string) =>
      parse(objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === cm)!.data['pipelines.yml']) as Obj[];
    for (const cm of ['es-sync-config', 'es-sync-full-config']) {
      const old = pipelines(before, cm);
      const now = pipelines(objectsOf(env), cm);
      expect(now.map((p) => p['pipeline.id'])).toEqual(old.map((p) => p['pipeline.id']));
      now.forEach((p, i) => expect(p).toEqual(String(p['pipeline.id']).startsWith('catalog') ? { ...old[i], 'pipeline.workers': 5 } : old[i]));
    }
  });

  test('null removes an entry; a new key is added after the existing ones', () => {
    const env = withOverride({ messaging: { topics: { deployments: null, audit: { partitions: 1 } } } });
    expect(Object.keys(env.messaging.topics)).toEqual(['build-events', 'audit']);
  });
});
