import { useEffect, useMemo, useState } from 'react';
import { Button, Callout, Checkbox, FormGroup, HTMLSelect, InputGroup, Intent, TextArea } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import type { FirewallPolicy } from '@shared/model/firewall';
import { useConfigSession } from '../config/ConfigSessions';
import { effectiveConfig, opKey } from '../config/staging';
import { LoadState } from '../workspace/LoadState';
import { EMPTY_ALLOW_FORM, checkAllowForm, checkPolicyForm, policyToForm, type AllowForm, type PolicyField, type PolicyForm } from './firewallRuleForm';

const POLICY_NAME = 'policy';

/**
 * The firewall's rules, staged like every other change: applying replaces the agent's nftables
 * table, and a change left unconfirmed rolls back by itself (so a rule that cuts the operator off
 * is undone). No rule at all: the agent leaves nftables alone. The Network page's one staged-changes
 * bar (in ListenersPanel) applies these with the rest.
 */
export function FirewallRulesPanel({ serverId }: { serverId: string }) {
  const { t } = useTranslation();
  const { session, state } = useConfigSession(serverId);
  const [allow, setAllow] = useState<AllowForm>(EMPTY_ALLOW_FORM);
  const [triedAllow, setTriedAllow] = useState(false);
  const [policyForm, setPolicyForm] = useState<PolicyForm | null>(null);
  const [triedPolicy, setTriedPolicy] = useState(false);
  useEffect(() => session.ensureLoaded(), [session]);
  const base = state.snapshot;
  const eff = useMemo(() => (base ? effectiveConfig(base, state.staged) : null), [base, state.staged]);
  if (!base || !eff) return <LoadState state={state} onRetry={() => void session.load()} />;
  const rules = eff.snapshot.firewallRules ?? [];
  const policy = rules.find((r): r is FirewallPolicy => r.kind === 'policy');
  const pf = policyForm ?? policyToForm(policy);
  const staged = new Set(state.staged.map(opKey));
  const allowCheck = checkAllowForm(allow, new Set(rules.map((r) => r.name)));
  const allowErrors = triedAllow && !allowCheck.ok ? allowCheck.errors : {};
  const policyCheck = checkPolicyForm(pf, policy?.name ?? POLICY_NAME);
  const policyErrors = triedPolicy && !policyCheck.ok ? policyCheck.errors : {};
  const problems = [...eff.opErrors, ...eff.report.errors].filter((e) => e.path.startsWith('firewallRules'));

  const addAllow = () => {
    setTriedAllow(true);
    if (!allowCheck.ok) return;
    session.stage([{ op: 'firewallRule.upsert', rule: allowCheck.rule }]);
    setAllow(EMPTY_ALLOW_FORM);
    setTriedAllow(false);
  };
  const savePolicy = () => {
    setTriedPolicy(true);
    if (!policyCheck.ok) return;
    session.stage([{ op: 'firewallRule.upsert', rule: policyCheck.rule }]);
    setPolicyForm(null);
    setTriedPolicy(false);
  };
  const policyField = (k: PolicyField) => (
    <FormGroup inline label={t(`network.fw.${k}`)} labelFor={`fw-${k}`} helperText={policyErrors[k]} intent={policyErrors[k] ? Intent.DANGER : Intent.NONE}>
      <InputGroup id={`fw-${k}`} className="mono" value={pf[k]} intent={policyErrors[k] ? Intent.DANGER : Intent.NONE} onValueChange={(v) => setPolicyForm({ ...pf, [k]: v })} />
    </FormGroup>
  );

  return (
    <section className="firewall-rules-panel" aria-label={t('network.fw.title')}>
      <h3>{t('network.fw.title')}</h3>
      <p className="muted">{t(rules.length === 0 ? 'network.fw.introOff' : 'network.fw.intro')}</p>
      {problems.length > 0 && (
        <Callout intent={Intent.DANGER}>
          <ul>{problems.map((e) => <li key={e.path + e.message}>{e.path}: {e.message}</li>)}</ul>
        </Callout>
      )}
      {rules.length > 0 && (
        <table className="dense-table" aria-label={t('network.fw.title')}>
          <thead>
            <tr><th>{t('network.fw.name')}</th><th>{t('network.fw.kind')}</th><th>{t('network.fw.what')}</th><th /></tr>
          </thead>
          <tbody>
            {rules.map((r) => (
              <tr key={r.name} data-fw-rule={r.name} className={staged.has(`firewallRules[${r.name}]`) ? 'staged' : ''}>
                <td className="mono">{r.name}</td>
                <td>{t(`network.fw.kind_${r.kind}`)}</td>
                <td className="mono">
                  {r.kind === 'policy'
                    ? t('network.fw.policySummary', { closed: t(r.closeSipToOthers ? 'network.fw.closed' : 'network.fw.open'), rate: r.sipRatePerSec || t('network.fw.noLimit'), burst: r.sipBurst, ssh: r.sshPort, rtp: r.rtpRatePerSec ?? t('network.fw.noLimit') })
                    : r.sources.join(', ')}
                </td>
                <td className="row-actions">
                  <Button size="small" variant="minimal" icon="trash" aria-label={t('network.fw.remove', { name: r.name })} title={t('network.fw.remove', { name: r.name })} onClick={() => session.stage([{ op: 'firewallRule.delete', name: r.name }])} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="fw-policy-form" noValidate onSubmit={(e) => { e.preventDefault(); savePolicy(); }}>
        <Checkbox label={t('network.fw.closeSipToOthers')} checked={pf.closeSipToOthers} onChange={(e) => setPolicyForm({ ...pf, closeSipToOthers: e.currentTarget.checked })} />
        {policyField('sipRatePerSec')}
        {policyField('sipBurst')}
        {policyField('sshPort')}
        {policyField('rtpRatePerSec')}
        {policyField('rtpBurst')}
        <Button type="submit" icon="floppy-disk" text={t('network.fw.savePolicy')} />
      </form>
      <form className="fw-allow-form" noValidate onSubmit={(e) => { e.preventDefault(); addAllow(); }}>
        <FormGroup label={t('network.fw.allowName')} labelFor="fw-allow-name" helperText={allowErrors.name} intent={allowErrors.name ? Intent.DANGER : Intent.NONE}>
          <InputGroup id="fw-allow-name" className="mono" placeholder="office" translate="no" value={allow.name} onValueChange={(v) => setAllow({ ...allow, name: v })} />
        </FormGroup>
        <FormGroup label={t('network.fw.kind')} labelFor="fw-allow-kind">
          <HTMLSelect id="fw-allow-kind" value={allow.kind} onChange={(e) => setAllow({ ...allow, kind: e.currentTarget.value as AllowForm['kind'] })} options={[{ value: 'allow-sip', label: t('network.fw.kind_allow-sip') }, { value: 'allow-management', label: t('network.fw.kind_allow-management') }]} />
        </FormGroup>
        <FormGroup label={t('network.fw.sources')} labelFor="fw-allow-sources" helperText={allowErrors.sources} intent={allowErrors.sources ? Intent.DANGER : Intent.NONE}>
          <TextArea id="fw-allow-sources" className="mono" placeholder="203.0.113.0/24, 198.51.100.7" value={allow.sources} onChange={(e) => setAllow({ ...allow, sources: e.currentTarget.value })} />
        </FormGroup>
        <Button type="submit" icon="add" text={t('network.fw.addAllow')} />
      </form>
      <p className="muted small">{t('network.fw.rollbackNote')}</p>
    </section>
  );
}
