/** Entry point of the Pulumi program (bundled to dist/pulumi.js): the stack outputs. */
import { stackOutputs } from './program';

const outputs = stackOutputs();

export const environment = outputs.environment;
export const delivery = outputs.delivery;
export const namespaces = outputs.namespaces;
export const charts = outputs.charts;
export const endpoints = outputs.endpoints;
export const secrets = outputs.secrets;
export const rootApplication = outputs.rootApplication;
export const releasesNotApplied = outputs.releasesNotApplied;
