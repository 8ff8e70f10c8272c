// The routes of a REST API as a synthesized CloudFormation template declares them: every
// AWS::ApiGateway::Method with a Lambda proxy integration, at the path its AWS::ApiGateway::Resource
// chain spells out. Methods with other integrations (MOCK, HTTP) are not routes of a function.
export type ApiRoute = {
  method: string;
  resourcePath: string;
  authorization: 'NONE' | 'COGNITO_USER_POOLS';
  functionLogicalId: string;
};

type CfnResource = { Type: string; Properties?: any };

const refOf = (value: any): string | undefined => (value && typeof value.Ref === 'string' ? value.Ref : undefined);
const isRootReference = (value: any) => Array.isArray(value?.['Fn::GetAtt']) && value['Fn::GetAtt'][1] === 'RootResourceId';

/** The Lambda function a proxy integration URI invokes: the `Fn::GetAtt [fn, Arn]` inside it. */
function invokedFunction(uri: unknown, resources: Record<string, CfnResource>): string | undefined {
  let found: string | undefined;
  const visit = (node: unknown) => {
    if (found || node === null || typeof node !== 'object') return;
    const getAtt = (node as any)['Fn::GetAtt'];
    if (Array.isArray(getAtt) && getAtt[1] === 'Arn' && resources[getAtt[0]]?.Type === 'AWS::Lambda::Function') {
      found = getAtt[0];
      return;
    }
    Object.values(node as object).forEach(visit);
  };
  visit(uri);
  return found;
}

export function apiRoutesFromTemplate(resources: Record<string, CfnResource>): ApiRoute[] {
  const pathOf = (resourceRef: unknown, seen = new Set<string>()): string => {
    if (isRootReference(resourceRef)) return '/';
    const id = refOf(resourceRef);
    const resource = id ? resources[id] : undefined;
    if (!id || resource?.Type !== 'AWS::ApiGateway::Resource' || seen.has(id)) {
      throw new Error(`Not an API Gateway resource: ${JSON.stringify(resourceRef)}`);
    }
    seen.add(id);
    const parent = pathOf(resource.Properties.ParentId, seen);
    return `${parent === '/' ? '' : parent}/${resource.Properties.PathPart}`;
  };

  const routes: ApiRoute[] = [];
  for (const resource of Object.values(resources)) {
    if (resource.Type !== 'AWS::ApiGateway::Method') continue;
    const p = resource.Properties ?? {};
    if (p.Integration?.Type !== 'AWS_PROXY') continue;
    const functionLogicalId = invokedFunction(p.Integration.Uri, resources);
    if (!functionLogicalId) continue;
    const authorization = p.AuthorizationType === 'COGNITO_USER_POOLS' ? 'COGNITO_USER_POOLS' : 'NONE';
    if (p.AuthorizationType && !['NONE', 'COGNITO_USER_POOLS'].includes(p.AuthorizationType)) {
      throw new Error(`Authorization type ${p.AuthorizationType} is not emulated`);
    }
    routes.push({ method: String(p.HttpMethod).toUpperCase(), resourcePath: pathOf(p.ResourceId), authorization, functionLogicalId });
  }
  return routes.sort((a, b) => a.resourcePath.localeCompare(b.resourcePath) || a.method.localeCompare(b.method));
}
