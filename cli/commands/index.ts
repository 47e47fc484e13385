import { Command } from './command';
import { graphCommand } from './graph';
import { reportCommand } from './report';
import { synthCommand } from './synth';

/** Every `keelson` subcommand, in the order `keelson help` lists them. */
export const COMMANDS: readonly Command[] = [synthCommand, reportCommand, graphCommand];
