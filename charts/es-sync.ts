import { Construct } from 'constructs';
import { EsSync } from '../constructs/logstash/es-sync';
import { KeelsonChart, KeelsonChartProps } from './keelson-chart';
import { EsSyncProps } from '../constructs/logstash/es-sync';
import { withStorageClass } from '../constructs/common/storage';

/** The `es-sync` chart: one EsSync (Logstash copying indices between two clusters). */
export interface EsSyncSettings extends EsSyncProps {
  /** Whether the environment runs the `es-sync` chart (PR previews do not copy data). */
  readonly enabled: boolean;
  /** Construct id: names the StatefulSet, the Job and their companions. */
  readonly name: string;
}

export interface EsSyncChartProps extends KeelsonChartProps {
  readonly settings: EsSyncSettings;
  /** StorageClass for persistent volumes that do not name one. @default undefined (cluster default) */
  readonly storageClass?: string;
}

/** Elasticsearch copies between clusters, run by Logstash. */
export class EsSyncChart extends KeelsonChart {
  readonly sync: EsSync;

  constructor(scope: Construct, id: string, props: EsSyncChartProps) {
    super(scope, id, props);
    const { name, enabled: _enabled, ...s } = props.settings;
    this.sync = new EsSync(this, name, { ...s, storage: withStorageClass(s.storage, props.storageClass) });
  }
}
