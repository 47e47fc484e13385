import { Command } from './command';
import { diffCommand } from './diff';
import { graphCommand } from './graph';
import { reportCommand } from './report';
import { synthCommand } from './synth';
import { validateCommand } from './validate';

/** Every `keelson` subcommand, in the order `keelson help` lists them. */
export const COMMANDS: readonly Command[] = [synthCommand, validateCommand, diffCommand, reportCommand, graphCommand];
