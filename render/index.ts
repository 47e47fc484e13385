/** The render core: one environment in, one rendered result out, for every output to read. */
export * from './environment';
