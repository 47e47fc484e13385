import { createHash } from 'node:crypto';
import { Construct } from 'constructs';
import { k8s } from '../k8s';
import { PipelineConfig } from './config/model';
import { renderPipeline } from './config/render';
import { LogstashSettings, PipelineEntry, renderLogstashYml, renderPipelinesYml } from './settings';

/** The pipelines of one Logstash process, listed in its own pipelines.yml. */
export interface ProcessPipelines {
  /** ConfigMap key of its pipelines.yml. */
  readonly pipelinesYml: string;
  /** Pipelines with their pipelines.yml entry; the file names come from the entries. */
  readonly pipelines: readonly { readonly entry: PipelineEntry; readonly config: PipelineConfig }[];
}

export interface LogstashConfigProps {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly settings: LogstashSettings;
  readonly processes: readonly ProcessPipelines[];
  /** Other files by ConfigMap key, such as an entrypoint script. @default {} */
  readonly extraFiles?: Readonly<Record<string, string>>;
}

/** The ConfigMap of a Logstash pod: logstash.yml, a pipelines.yml per process and one `.conf` per pipeline. */
export class LogstashConfig extends Construct {
  readonly configMapName: string;
  /** Hash of every file, stamped on pod templates so a change rolls the pods. */
  readonly checksum: string;
  readonly pipelineFiles: readonly string[];
  readonly files: Readonly<Record<string, string>>;
  /** The typed model behind each pipeline file. */
  readonly models: Readonly<Record<string, PipelineConfig>>;

  constructor(scope: Construct, id: string, props: LogstashConfigProps) {
    super(scope, id);
    const files: Record<string, string> = { 'logstash.yml': renderLogstashYml(props.settings) };
    const models: Record<string, PipelineConfig> = {};
    const add = (file: string, text: string) => {
      if (file in files) throw new Error(`LogstashConfig: two files named ${JSON.stringify(file)}`);
      files[file] = text;
    };
    for (const proc of props.processes) {
      add(proc.pipelinesYml, renderPipelinesYml(proc.pipelines.map((p) => p.entry)));
      for (const p of proc.pipelines) {
        add(p.entry.file, renderPipeline(p.config));
        models[p.entry.file] = p.config;
      }
    }
    for (const [file, text] of Object.entries(props.extraFiles ?? {})) add(file, text);
    this.files = files;
    this.models = models;
    this.pipelineFiles = Object.keys(models);
    this.configMapName = props.name;
    const hash = createHash('sha256');
    for (const [k, v] of Object.entries(files)) hash.update(k).update('\0').update(v).update('\0');
    this.checksum = hash.digest('hex');
    // Only non-secret text: credentials are `${VAR}` references resolved from the environment.
    new k8s.KubeConfigMap(this, 'Resource', { metadata: { name: props.name, labels: props.labels }, data: files });
  }
}
