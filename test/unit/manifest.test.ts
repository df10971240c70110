// The Marketplace manifest: every user-facing string of package.json is localised (English in package.nls.json,
// Simplified Chinese in package.nls.zh-cn.json, no key missing in either), enum settings describe each value,
// integer settings are typed `integer`, the icon is a 128×128 PNG, and activation is lazy.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = join(import.meta.dirname, '..', '..');
const read = (f: string): any => JSON.parse(readFileSync(join(ROOT, f), 'utf8'));
const pkg = read('package.json');
const en: Record<string, string> = read('package.nls.json');
const zh: Record<string, string> = read('package.nls.zh-cn.json');

/** Every string field a user reads in the manifest, with its JSON path. */
function userStrings(): Array<[string, string]> {
  const out: Array<[string, string]> = [['displayName', pkg.displayName], ['description', pkg.description]];
  const fields = new Set(['title', 'description', 'markdownDescription', 'name', 'contextualTitle', 'category', 'altText', 'shortTitle']);
  const walk = (o: unknown, path: string): void => {
    if (Array.isArray(o)) o.forEach((v, i) => walk(v, `${path}[${i}]`));
    else if (o && typeof o === 'object') {
      for (const [k, v] of Object.entries(o)) {
        if (typeof v === 'string' && fields.has(k)) out.push([`${path}.${k}`, v]);
        else if ((k === 'enumDescriptions' || k === 'markdownEnumDescriptions') && Array.isArray(v)) v.forEach((s, i) => out.push([`${path}.${k}[${i}]`, s]));
        else walk(v, `${path}.${k}`);
      }
    }
  };
  walk(pkg.contributes, 'contributes');
  walk(pkg.capabilities, 'capabilities');
  return out;
}

describe('package.json localisation', () => {
  it('every user-facing string is a %key% defined in package.nls.json', () => {
    const strings = userStrings();
    assert.ok(strings.length > 60, `found the manifest's strings (${strings.length})`);
    for (const [path, s] of strings) {
      // Settings' descriptions, titles, walkthrough steps…: a language id such as `dx` (languages[].aliases) is not a field here.
      const m = /^%([^%]+)%$/.exec(s);
      assert.ok(m, `${path} is localised (found ${JSON.stringify(s)})`);
      assert.ok(Object.hasOwn(en, m[1]) && en[m[1]].trim(), `${path}: key ${m[1]} has English text`);
    }
  });

  it('every English string has a Simplified Chinese translation, and no key is stale', () => {
    const used = new Set(userStrings().map(([, s]) => s.slice(1, -1)));
    for (const key of Object.keys(en)) {
      assert.ok(used.has(key), `${key} is used by package.json`);
      assert.ok(Object.hasOwn(zh, key) && zh[key].trim(), `${key} has a zh-cn translation`);
    }
    assert.deepEqual(Object.keys(zh).filter((k) => !Object.hasOwn(en, k)), [], 'zh-cn has no key English lacks');
  });

  it('translations keep the command links, code spans and setting names of the English text', () => {
    for (const [key, text] of Object.entries(en)) {
      const links = (s: string): string[] => [...s.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1]).sort();
      const code = (s: string): string[] => [...s.matchAll(/`([^`]+)`/g)].map((m) => m[1]).sort();
      assert.deepEqual(links(zh[key]), links(text), `${key}: the same links`);
      assert.deepEqual(code(zh[key]), code(text), `${key}: the same code spans`);
    }
  });

  it('Chinese uses the standard mathematical terms', () => {
    const all = Object.values(zh).join('\n');
    for (const term of ['偏导数', '梯度', '计算图', '反向传播', '有限差分', '海森矩阵', '雅可比矩阵', '伴随']) assert.ok(all.includes(term), `uses ${term}`);
    assert.ok(!/Hessian|Jacobian/.test(all), 'Hessian is 海森矩阵 and Jacobian 雅可比矩阵 in Chinese');
    assert.ok(!/偏微分/.test(all), 'partial derivative is 偏导数, not 偏微分');
  });
});

describe('Marketplace manifest', () => {
  const settings = Object.entries(pkg.contributes.configuration.properties) as Array<[string, any]>;

  it('every enum setting describes each of its values', () => {
    const enums = settings.filter(([, s]) => Array.isArray(s.enum));
    assert.ok(enums.length >= 4);
    for (const [key, s] of enums) assert.equal(s.enumDescriptions?.length, s.enum.length, `${key} has one description per value`);
  });

  it('settings with whole-number values are typed integer', () => {
    for (const [key, s] of settings) {
      if (s.type === 'number') assert.ok(!Number.isInteger(s.default) || /tol$/.test(key), `${key} (default ${s.default}) should be integer`);
      if (s.type === 'integer') assert.ok(Number.isInteger(s.default), `${key} default is an integer`);
    }
    assert.equal(pkg.contributes.configuration.properties['partials.numbers.digits'].type, 'integer');
  });

  it('has a 128×128 PNG icon and a gallery banner', () => {
    assert.equal(pkg.icon, 'media/icon.png');
    const png = readFileSync(join(ROOT, pkg.icon));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.equal(png.readUInt32BE(16), 128, 'width');
    assert.equal(png.readUInt32BE(20), 128, 'height');
    assert.match(pkg.galleryBanner.color, /^#[0-9a-f]{6}$/i);
    assert.ok(['dark', 'light'].includes(pkg.galleryBanner.theme));
  });

  it('runs beside the editor in remote windows and activates only when used', () => {
    assert.deepEqual(pkg.extensionKind, ['ui', 'workspace']);
    assert.ok(!pkg.activationEvents.includes('onStartupFinished'), 'no onStartupFinished');
    assert.ok(!pkg.activationEvents.includes('*'), 'no eager activation');
    for (const lang of ['python', 'javascript', 'julia', 'matlab', 'latex', 'markdown', 'dx']) {
      assert.ok(pkg.activationEvents.includes(`onLanguage:${lang}`), `activates on ${lang} documents`);
    }
  });
});
