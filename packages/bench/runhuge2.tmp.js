require('@backstage/cli-node/config/nodeTransform.cjs');
const { benchHugeAnswers } = require('./src/hugeAnswerBench.ts');
benchHugeAnswers().then(r => { console.log(JSON.stringify(r.details)); process.exit(0); });
