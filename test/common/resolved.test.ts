/**
 * JenkinsCluster and EsSync resolve their props (defaults applied once, validation) into a
 * readonly value before building anything: what the build step reads is what these return.
 */
import { Construct } from 'constructs';
import { resolveJenkinsCluster } from '../../constructs/jenkins/jenkins-cluster-resolved';
import { resolveEsSync } from '../../constructs/logstash/es-sync-resolved';
import { ES_SYNC } from '../support/es-sync-fixture';
import { scope } from '../support/harness';
import { JENKINS } from '../support/jenkins-fixture';

describe('resolved JenkinsCluster props', () => {
  const r = resolveJenkinsCluster(new Construct(scope('prod'), 'ci'), 'ci', JENKINS);

  test('the documented defaults are applied once, in the resolved value', () => {
    // 50% (heapPercent's default) of the 4Gi memory limit.
    expect(r.controller.heapMebibytes).toBe(2048);
    expect([r.transport, r.agentPort, r.tunnel]).toEqual(['tcp', 50000, 'ci-inbound:50000']);
    expect(r.agents).toMatchObject({
      executors: 2,
      labels: ['swarm', 'linux'],
      terminationGracePeriodSeconds: 300,
      disruptionBudget: false,
      heapMebibytes: 512,
    });
    expect(r.cloud?.containerCap).toBe(10);
    expect(r.cloud?.templates.map((t) => [t.name, t.idleMinutes, t.instanceCap, t.serviceAccount])).toEqual([['default', 0, 10, 'ci-agent']]);
    expect(r.exposure).toEqual({ kind: 'none' });
    expect(r.systemMessage).toBe('Managed by keelson: edit the code, not the UI.');
  });

  test('the administrator and the Swarm user come first in the matrix and in the realm', () => {
    expect(r.security.users.map((u) => u.idVariable)).toEqual(['JENKINS_ADMIN_ID', 'SWARM_AGENT_ID']);
    expect(r.security.cascEnv.map((e) => e.name)).toEqual(['JENKINS_ADMIN_ID', 'JENKINS_ADMIN_PASSWORD', 'SWARM_AGENT_ID', 'SWARM_AGENT_PASSWORD']);
  });
});

describe('resolved EsSync props', () => {
  const r = resolveEsSync(new Construct(scope('prod'), 'copy'), 'copy', ES_SYNC);

  test('syncs keep their key order and get their defaults', () => {
    expect(r.syncs.map((s) => [s.name, s.workers, s.batchSize, s.slices, s.pageSize])).toEqual([
      ['archive', 2, 500, 1, 1000],
      ['orders', 2, 500, 1, 1000],
      ['catalog', 3, 800, 4, 1000],
    ]);
    expect(r.syncs.map((s) => s.tracked?.tracking.overlap)).toEqual([undefined, '5m', '15m']);
    // A soft delete becomes a delete on the destination unless the sync is fullThenIncremental.
    expect(r.syncs[1].softDelete).toEqual({ field: 'deleted', onDestination: 'delete' });
    expect(r.syncs[0].rename).toEqual({ kind: 'suffix', suffix: '-copy' });
  });

  test('sizes are parsed once, and the keep-alive follows the queue size', () => {
    expect(r.heapMebibytes).toBe(1024);
    expect(r.settings.queue).toEqual({ maxBytes: 1024 ** 3, checkpointWrites: 1024 });
    expect(r.settings.deadLetterQueue).toEqual({ maxBytes: 512 * 1024 ** 2, storagePolicy: 'drop_older', retainAge: '7d' });
    // 1Gi drained at 1 MiB/s takes 1024 s: 18 minutes, rounded up.
    expect(r.keepAlive).toBe('18m');
    expect([r.quarantineIndex, r.drainSeconds, r.fullCopyBackoffLimit]).toEqual(['copy-quarantine', 600, 2]);
  });
});
