// The key that signs the API's page cursors (shared/http/cursor.ts): a generated Secrets Manager secret
// that only the functions serving paginated routes may read, through the AWS Parameters and Secrets
// Lambda Extension (a layer: no Secrets Manager SDK in the API bundles). Rotating it is putting a new
// value (docs/runbook.md#rotating-the-cursor-key): AWSPREVIOUS keeps checking, so cursors in clients'
// hands survive one rotation.
import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { type Function as LambdaFunction, LayerVersion } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { FactName } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { Platform } from './platform';

/** The extension release the layer ARN is looked up for (CDK's region facts know every region's ARN). */
const EXTENSION_VERSION = '1.0.103';

export class CursorKey extends Construct {
  readonly secret: Secret;
  private readonly granted = new Set<LambdaFunction>();
  private layerArn?: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.secret = new Secret(this, 'Secret', {
      description: "Signs the CRM API's page cursors (HMAC-SHA256); rotate by putting a new value",
      encryptionKey: Platform.of(this)?.dataKey,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      // Losing it costs nothing but the cursors clients hold (they start again at the first page).
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'A signing key with no counterpart to update: rotation is a put-secret-value (runbook), and the previous value keeps checking for one rotation.',
    });
  }

  /** Lets `fn` read the key: the extension layer, CURSOR_KEY_SECRET_ID, and GetSecretValue on this secret only. */
  grantTo(fn: LambdaFunction) {
    if (this.granted.has(fn)) return;
    this.granted.add(fn);
    this.layerArn ??= Stack.of(this).regionalFact(FactName.paramsAndSecretsLambdaLayer(EXTENSION_VERSION, 'arm64'));
    fn.addLayers(LayerVersion.fromLayerVersionArn(this, `Extension${this.granted.size}`, this.layerArn));
    fn.addEnvironment('CURSOR_KEY_SECRET_ID', this.secret.secretArn);
    // The extension's cache (seconds): the key is read once per five minutes per instance, not per request.
    fn.addEnvironment('SECRETS_MANAGER_TTL', '300');
    this.secret.grantRead(fn);
  }
}
