/** Entry point of the Pulumi program (bundled to dist/pulumi.js): the stack outputs. */
import { keelsonProgram } from './program';

const outputs = keelsonProgram();

export const environment = outputs.environment;
export const delivery = outputs.delivery;
export const namespaces = outputs.namespaces;
export const charts = outputs.charts;
export const endpoints = outputs.endpoints;
export const secrets = outputs.secrets;
// null when delivery is direct (Pulumi drops undefined outputs with a warning).
export const rootApplication = outputs.rootApplication ?? null;
