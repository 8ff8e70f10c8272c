// aws-xray-sdk-core (under the Powertools tracer) requires all of semver (about 37 KB minified) for one
// call: semver.gte(AWS.VERSION, '2.7.15') in its AWS SDK v2 patcher, which this project never uses (it
// captures v3 clients). CrmFunction's bundles alias semver to this file. Numeric major.minor.patch;
// a prerelease sorts below its release (other prerelease ordering is not needed for that check).
const parts = (version) => {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.exec(String(version).trim());
  if (!m) throw new TypeError(`Invalid Version: ${version}`);
  return [Number(m[1]), Number(m[2]), Number(m[3]), m[4] ? 0 : 1];
};

module.exports = {
  gte(a, b) {
    const x = parts(a);
    const y = parts(b);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] > y[i];
    return true;
  },
};
