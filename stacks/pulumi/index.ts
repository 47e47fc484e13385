/**
 * The Pulumi program: builds the same cdk8s App as `keelson synth` for the environment that
 * the stack's config selects, and deploys each chart's objects in chart order.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { getEnvironment } from '../environments';
import { buildPlatform } from '../platform';
import { protectData } from './data-protection';

const config = new pulumi.Config('keelson');
const platform = buildPlatform(getEnvironment(config.require('environment')));

let previous: pulumi.Resource | undefined;
for (const chart of platform.charts) {
  previous = new k8s.yaml.v2.ConfigGroup(chart.node.id, { objs: chart.toJson() }, { dependsOn: previous ? [previous] : [], transforms: [protectData] });
}

export const environment = platform.env.name;
export const charts = platform.charts.map((c) => c.node.id);
