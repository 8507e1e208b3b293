import { packageBuild } from '../../tsup.shared';

export default packageBuild({ index: 'src/index.ts', fixtures: 'src/fixtures.ts', testing: 'src/testing.ts' });
