package model

import (
	"slices"
	"strings"
)

// awsServiceNames are the AWS service names that `aws:<service>` accepts, in
// byte order with no duplicates (TestServiceTable checks both). A name is
// what follows the Region in a VPC endpoint service name
// (com.amazonaws.<region>.<service>) or what precedes it in a Regional
// hostname (<service>.<region>.amazonaws.com); a dotted name such as ecr.dkr
// is one service.
//
// Sources, read 2026-12-04 from offline copies:
//   - AWS PrivateLink Guide, "AWS services that integrate with AWS
//     PrivateLink",
//     https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html.
//     Only the page's opening was in the copy we could read (account,
//     apigateway, appconfig*, appmesh*, execute-api); the rest of the list
//     comes from the next source, which mirrors the page.
//   - aws-cdk-lib's InterfaceVpcEndpointAwsService and
//     GatewayVpcEndpointAwsService (github.com/aws/aws-cdk,
//     packages/aws-cdk-lib/aws-ec2/lib/vpc-endpoint.ts, commit
//     000a9eb6dd93c8025d184934c66dee83868c8f28): every service named
//     com.amazonaws.<region>.<service>, plus the gateway-only s3express.
//     Services AWS names under another prefix (aws.api.<region>.qbusiness,
//     aws.sagemaker.<region>.studio, …) have no such name and are left out.
//   - Global service names without a Region: iam, savingsplans and
//     s3-global.accesspoint (com.amazonaws.<service>) and codecatalyst
//     (aws.api.global.codecatalyst), from the same file; cloudfront and
//     route53 (<service>.amazonaws.com), from botocore's endpoint data
//     (github.com/boto/botocore, botocore/data/endpoints.json at commit
//     00df165b717a4080ec904bb80c904c63e3f5d4aa and the older
//     botocore/data/_endpoints.json).
//   - Hostname prefixes that differ from the service's endpoint name, from
//     the service keys (endpoint prefixes) of botocore's endpoints.json
//     (the commit above and 9c34442b888495f5ee28b93b9c594636c9c77f4e) and
//     aws-sdk-java-v2's (core/regions/.../endpoints.json, commit
//     0b24c49014bfce53cc5d1a9e907df9215ea12670): api.ecr and ecr
//     (ecr.api), api.pricing (pricing.api), api.sagemaker (sagemaker.api),
//     kinesis (kinesis-streams), firehose (kinesis-firehose), es and
//     glacier. Those copies are years old and list no current Regions, so
//     they serve for names only.
//
// The copies we read are older than today's AWS: a service launched since
// may be missing, so callers should report an unknown name as a warning
// with its suggestion, not refuse the query.
var awsServiceNames = []string{
	"access-analyzer", "account", "acm", "acm-fips", "acm-pca", "acm-pca-fips", "airflow.api",
	"airflow.api-fips", "airflow.env", "airflow.env-fips", "airflow.ops", "analytics-omics",
	"api.ecr", "api.pricing", "api.sagemaker", "apigateway", "app-integrations", "appconfig",
	"appconfig-fips", "appconfigdata", "appconfigdata-fips", "application-autoscaling",
	"application-signals", "applicationinsights", "appmesh", "appmesh-envoy-management",
	"apprunner", "apprunner.requests", "appstream.api", "appstream.streaming", "appsync-api",
	"apptest", "aps", "aps-workspaces", "arsenal-discovery", "athena", "auditmanager",
	"autoscaling", "autoscaling-plans", "awsconnector", "b2bi", "backup", "backup-gateway", "batch",
	"bcm-pricing-calculator", "bedrock", "bedrock-agent", "bedrock-agent-runtime",
	"bedrock-agentcore", "bedrock-agentcore.gateway", "bedrock-data-automation",
	"bedrock-data-automation-fips", "bedrock-data-automation-runtime",
	"bedrock-data-automation-runtime-fips", "bedrock-fips", "bedrock-runtime",
	"bedrock-runtime-fips", "billing", "billingconductor", "braket", "cases", "cassandra",
	"cassandra-fips", "ce", "cleanrooms", "cleanrooms-ml", "cloudcontrolapi",
	"cloudcontrolapi-fips", "clouddirectory", "cloudformation", "cloudfront", "cloudhsmv2",
	"cloudtrail", "codeartifact.api", "codeartifact.repositories", "codebuild", "codebuild-fips",
	"codecatalyst", "codecatalyst.git", "codecatalyst.packages", "codecommit", "codecommit-fips",
	"codeconnections.api", "codedeploy", "codedeploy-commands-secure", "codeguru-profiler",
	"codeguru-reviewer", "codepipeline", "codestar-connections.api", "codewhisperer",
	"cognito-identity", "cognito-identity-fips", "cognito-idp", "cognito-idp-fips", "comprehend",
	"comprehendmedical", "compute-optimizer", "config", "connect-campaigns", "console",
	"control-storage-omics", "controlcatalog", "cost-optimization-hub", "data-servicediscovery",
	"data-servicediscovery-fips", "databrew", "dataexchange", "datasync", "datazone",
	"deadline.management", "deadline.scheduling", "deviceadvisor.iot", "devops-guru",
	"dicom-medical-imaging", "discovery", "dms", "dms-fips", "drs", "ds", "ds-data", "dsql",
	"dynamodb", "dynamodb-fips", "dynamodb-streams", "ebs", "ec2", "ec2messages", "ecr",
	"ecr-public.api", "ecr.api", "ecr.dkr", "ecs", "ecs-agent", "ecs-telemetry", "eks", "eks-auth",
	"elastic-inference.runtime", "elasticache", "elasticache-fips", "elasticbeanstalk",
	"elasticbeanstalk-health", "elasticfilesystem", "elasticfilesystem-fips",
	"elasticloadbalancing", "elasticmapreduce", "email", "email-fips", "email-smtp",
	"emr-containers", "emr-serverless", "emr-serverless-services.livy", "emr-serverless.dashboard",
	"emrwal.prod", "entityresolution", "es", "events", "evidently", "evidently-dataplane",
	"execute-api", "finspace", "finspace-api", "firehose", "fis", "forecast", "forecast-fips",
	"forecastquery", "forecastquery-fips", "frauddetector", "fsx", "fsx-fips", "geo.geofencing",
	"geo.maps", "geo.metadata", "geo.places", "geo.routes", "geo.tracking", "git-codecommit",
	"git-codecommit-fips", "glacier", "glue", "glue.dashboard", "grafana", "grafana-workspace",
	"greengrass", "groundstation", "guardduty", "guardduty-data", "guardduty-data-fips",
	"guardduty-fips", "healthlake", "iam", "identitystore", "imagebuilder", "inspector-scan",
	"inspector2", "internetmonitor", "internetmonitor-fips", "invoicing", "iot.credentials",
	"iot.data", "iot.fleethub.api", "iotfleetwise", "iotroborunner", "iotsitewise.api",
	"iotsitewise.data", "iottwinmaker.api", "iottwinmaker.data", "iotwireless.api", "kafka",
	"kafka-fips", "kafkaconnect", "kendra", "kinesis", "kinesis-firehose", "kinesis-streams",
	"kinesis-streams-fips", "kms", "kms-fips", "lakeformation", "lambda", "launchwizard",
	"license-manager", "license-manager-fips", "license-manager-linux-subscriptions",
	"license-manager-linux-subscriptions-fips", "license-manager-user-subscriptions", "logs",
	"lookoutequipment", "lookoutmetrics", "lookoutvision", "lorawan.cups", "lorawan.lns", "m2",
	"macie2", "mail-manager", "mail-manager-fips", "managedblockchain-query",
	"managedblockchain.bitcoin.mainnet", "managedblockchain.bitcoin.testnet", "mediaconnect",
	"medical-imaging", "memory-db", "memorydb-fips", "mgn", "migrationhub-orchestrator",
	"migrationhub-strategy", "models-v2-lex", "monitoring", "mq", "neptune-graph",
	"neptune-graph-data", "neptune-graph-fips", "network-firewall", "network-firewall-fips",
	"networkflowmonitor", "networkflowmonitorreports", "networkmonitor", "nimble",
	"observabilityadmin", "organizations", "organizations-fips", "outposts", "panorama",
	"payment-cryptography.controlplane", "payment-cryptography.dataplane", "pca-connector-ad",
	"pca-connector-scep", "pcs", "pcs-fips", "personalize", "personalize-events",
	"personalize-runtime", "pi", "pi-fips", "pinpoint", "pinpoint-sms-voice-v2", "pipes",
	"pipes-data", "pipes-fips", "polly", "pricing.api", "private-networks", "profile", "proton",
	"q", "qapps", "qldb.session", "quicksight-website", "ram", "rbin", "rds", "rds-data",
	"redshift", "redshift-data", "redshift-data-fips", "redshift-fips", "redshift-serverless",
	"redshift-serverless-fips", "refactor-spaces", "rekognition", "rekognition-fips", "repostspace",
	"resource-groups", "resource-groups-fips", "robomaker", "rolesanywhere", "route53", "rum",
	"rum-dataplane", "runtime-medical-imaging", "runtime-v2-lex", "s3", "s3-global.accesspoint",
	"s3-outposts", "s3express", "s3tables", "s3vectors", "sagemaker-data-science-assistant",
	"sagemaker-geospatial", "sagemaker.api", "sagemaker.api-fips", "sagemaker.featurestore-runtime",
	"sagemaker.metrics", "sagemaker.runtime", "sagemaker.runtime-fips", "savingsplans", "schemas",
	"scn", "secretsmanager", "securityhub", "securitylake", "securitylake-fips", "serverlessrepo",
	"service.user-subscriptions", "servicecatalog", "servicecatalog-appregistry",
	"servicediscovery", "servicediscovery-fips", "shield", "shield-fips", "signin",
	"simspaceweaver", "sms", "sms-fips", "snow-device-management", "sns", "social-messaging", "sqs",
	"sqs-fips", "ssm", "ssm-contacts", "ssm-fips", "ssm-incidents", "ssm-quicksetup", "ssmmessages",
	"states", "storage-omics", "storagegateway", "streaming-rekognition",
	"streaming-rekognition-fips", "sts", "sts-fips", "swf", "swf-fips", "sync-states", "synthetics",
	"synthetics-fips", "tagging", "tags-omics", "tax", "textract", "textract-fips",
	"thinclient.api", "timestream-influxdb", "timestream-influxdb-fips", "tnb", "transcribe",
	"transcribestreaming", "transfer", "transfer.server", "translate", "trustedadvisor",
	"verifiedpermissions", "voiceid", "vpc-lattice", "wafv2", "wafv2-fips", "wellarchitected",
	"wisdom", "workflows-omics", "workmail", "workspaces", "workspaces-web", "workspaces-web-fips",
	"xray",
}

// Per-Region availability. The table is the commercial (aws) partition's,
// and a name is checked across all of its Regions: the sources above list
// service names, not the Regions of each, except for the two facts below.
// China (cn-*), GovCloud (us-gov-*) and other partitions' Regions are
// checked against the same names, so they may accept a service that the
// partition lacks. A Region cshsim has never heard of is treated like any
// other commercial Region.
var (
	// codeCatalystServiceRegions are the only Regions of CodeCatalyst and so
	// of its codecatalyst.git and codecatalyst.packages endpoints (AWS
	// General Reference, "Amazon CodeCatalyst endpoints and quotas",
	// https://docs.aws.amazon.com/general/latest/gr/codecatalyst.html, read
	// 2026-12-04; shared/aws-rules.md §1.3). The global codecatalyst name
	// is known everywhere.
	codeCatalystServiceRegions = []string{"eu-west-1", "us-west-2"}

	// fipsServiceRegions are the Regions that have FIPS endpoints: US East,
	// US West, Canada and GovCloud (an answer on AWS re:Post, "Support FIPS
	// endpoint in AWS Java SDK for different region",
	// https://repost.aws/de/questions/QU5q3r8ouDRx-O17PW0A8YNw/support-fips-endpoint-in-aws-java-sdk-for-different-region,
	// read 2026-12-04; the Systems Manager Cloud Extensions endpoint table
	// in the Systems Manager User Guide agrees: of the Regions it lists, only
	// the US and Canada ones have a FIPS endpoint).
	// A -fips name is known only there. ca-west-1 is included although
	// the answer names only Canada (Central): a Region too many costs a
	// missed warning, one too few a false one.
	fipsServiceRegions = []string{
		"ca-central-1", "ca-west-1", "us-east-1", "us-east-2",
		"us-gov-east-1", "us-gov-west-1", "us-west-1", "us-west-2",
	}
)

// serviceLimit returns the Regions the known service name is limited to,
// or nil when it is offered in every Region.
func serviceLimit(name string) []string {
	switch {
	case name == "codecatalyst.git" || name == "codecatalyst.packages":
		return codeCatalystServiceRegions
	case strings.HasSuffix(name, "-fips"):
		return fipsServiceRegions
	}
	return nil
}

// serviceNameKnown reports whether name, already lower case, is in the table.
func serviceNameKnown(name string) bool {
	_, ok := slices.BinarySearch(awsServiceNames, name)
	return ok
}

// serviceOffered reports whether the known service name is offered in
// region, already lower case; the empty region stands for any Region.
func serviceOffered(region, name string) bool {
	limit := serviceLimit(name)
	return region == "" || limit == nil || slices.Contains(limit, region)
}

// ServiceKnown reports whether svc names an AWS service offered in region,
// as written after aws: in a destination (ssmmessages, ecr.dkr, s3).
// Both arguments are case-insensitive. An empty region means the Region is
// not known, and any service of any Region is accepted.
//
// The names come from AWS's PrivateLink service list and the SDKs' endpoint
// data (sources and dates on the table in services.go). Availability per
// Region is known for two cases only: codecatalyst.git and
// codecatalyst.packages exist in us-west-2 and eu-west-1, and -fips names in
// the US, Canada and GovCloud Regions. Every other name is accepted in
// every Region of the commercial partition, and other partitions are
// checked against the same names. ServiceKnown is O(log n) in the size of
// the table.
func ServiceKnown(region, svc string) bool {
	name := strings.ToLower(svc)
	return serviceNameKnown(name) && serviceOffered(strings.ToLower(region), name)
}

// SuggestService returns the service offered in region whose name is
// closest to svc, and true, when svc names no AWS service at all and the
// closest is near enough to be a likely typo by [Suggest]'s threshold
// (ssmmesages gives ssmmessages). It returns "", false for a known service,
// including one that exists only in other Regions (use [ServiceRegions] to
// say where), and for a name far from every service. The comparison is
// case-insensitive and the suggestion is lower case.
func SuggestService(region, svc string) (string, bool) {
	name := strings.ToLower(svc)
	if name == "" || serviceNameKnown(name) {
		return "", false
	}
	s := Suggest(name, Services(region))
	return s, s != ""
}

// ServiceRegions reports the Regions a known service is limited to, in
// sorted order; regions is nil when the service is accepted in every Region.
// ok is false when svc names no service in the table. The result is a copy.
func ServiceRegions(svc string) (regions []string, ok bool) {
	name := strings.ToLower(svc)
	if !serviceNameKnown(name) {
		return nil, false
	}
	return slices.Clone(serviceLimit(name)), true
}

// Services returns the names of the services offered in region, in sorted
// order, for listing and for suggestions; the empty region gives every
// name. region is case-insensitive. The result is a new slice that the
// caller may keep or change.
func Services(region string) []string {
	region = strings.ToLower(region)
	out := make([]string, 0, len(awsServiceNames))
	for _, name := range awsServiceNames {
		if serviceOffered(region, name) {
			out = append(out, name)
		}
	}
	return out
}
