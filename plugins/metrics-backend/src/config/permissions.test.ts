import { ConfigReader } from '@backstage/config';
import { readPermissionsConfig } from './permissions';

const read = (permissions: object) =>
  readPermissionsConfig(new ConfigReader({ metrics: { permissions } }));

describe('readPermissionsConfig', () => {
  it('allows no service by default', () => {
    expect(readPermissionsConfig(new ConfigReader({}))).toEqual({
      sensitiveReadServices: [],
    });
  });

  it('reads plugin and external subjects, each once', () => {
    expect(
      read({
        sensitiveReadServices: [
          'plugin:catalog',
          'external:digest-bot',
          'plugin:catalog',
        ],
      }),
    ).toEqual({
      sensitiveReadServices: ['plugin:catalog', 'external:digest-bot'],
    });
  });

  it.each(['catalog', 'user:default/ada', 'plugin:', 'plugin: catalog'])(
    'refuses %p, naming the key',
    subject => {
      expect(() =>
        read({ sensitiveReadServices: ['plugin:catalog', subject] }),
      ).toThrow(
        `metrics.permissions.sensitiveReadServices[1] must be a service subject such as 'plugin:catalog' or 'external:digest-bot', got '${subject}'`,
      );
    },
  );

  it('refuses a value that is not a list of strings', () => {
    expect(() => read({ sensitiveReadServices: 'plugin:catalog' })).toThrow(
      /sensitiveReadServices/,
    );
  });
});
