// Value parsers for the run-option flags: the one text parser of each option (common/runOptions.ts),
// throwing commander's InvalidArgumentError so that the message names the option and the bad value
// ("option '--workers <list>' argument '0,x' is invalid. ...").
import { InvalidArgumentError } from 'commander';
import { parseOptionText, type RunOptionKey, type RunOptionValue } from '../../common/runOptions';

/** The argument parser of `key`'s flag. */
export function optionArgParser<K extends RunOptionKey>(key: K): (text: string) => RunOptionValue<K> {
  return (text: string) => {
    const parsed = parseOptionText(key, text);
    if ('error' in parsed) throw new InvalidArgumentError(`${parsed.error}.`);
    return parsed.value;
  };
}
