// The API's web ACL when the bank brings none (api.createWebAcl): AWS's managed baseline (common rule
// set, known bad inputs, Amazon IP reputation list) and a per-IP rate-based rule that blocks a client
// sending more than the stage allows in five minutes. Every rule emits CloudWatch metrics (the dashboard
// shows blocked requests); sampled requests are off, since a sampled request keeps its path and headers.
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

export type ApiWebAclProps = { stage: string; requestsPer5MinutesPerIp: number };

const MANAGED_RULE_GROUPS = ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesAmazonIpReputationList'];

export class ApiWebAcl extends Construct {
  readonly webAcl: CfnWebACL;
  readonly metricPrefix: string;

  constructor(scope: Construct, id: string, { stage, requestsPer5MinutesPerIp }: ApiWebAclProps) {
    super(scope, id);
    this.metricPrefix = `crm-${stage}-api`;
    const visibility = (name: string) => ({ cloudWatchMetricsEnabled: true, metricName: `${this.metricPrefix}-${name}`, sampledRequestsEnabled: false });
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: `crm-${stage}-api`,
      description: `CRM ${stage} REST API: AWS managed rule groups and a per-IP rate limit`,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('all'),
      rules: [
        ...MANAGED_RULE_GROUPS.map((name, priority) => ({
          name,
          priority,
          statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
          overrideAction: { none: {} },
          visibilityConfig: visibility(name),
        })),
        {
          name: 'RateLimitPerIp',
          priority: MANAGED_RULE_GROUPS.length,
          statement: { rateBasedStatement: { limit: requestsPer5MinutesPerIp, aggregateKeyType: 'IP' } },
          action: { block: {} },
          visibilityConfig: visibility('RateLimitPerIp'),
        },
      ],
    });
  }
}
