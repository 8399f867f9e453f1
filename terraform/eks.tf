# The EKS control plane: encrypted Secrets, every control-plane log type kept in CloudWatch,
# API access through access entries, and an OIDC provider for IAM roles for service accounts.

locals {
  cluster_log_types = ["api", "audit", "authenticator", "controllerManager", "scheduler"]
  log_group_name    = "/aws/eks/${var.cluster_name}/cluster"
}

resource "aws_kms_key" "secrets" {
  description             = "Envelope encryption of Kubernetes Secrets in ${var.cluster_name}"
  enable_key_rotation     = true
  deletion_window_in_days = 30
}

resource "aws_kms_alias" "secrets" {
  name          = "alias/${var.cluster_name}-secrets"
  target_key_id = aws_kms_key.secrets.key_id
}

# The audit log records who read which Secret: it is encrypted with its own key, which
# CloudWatch Logs may use only for this log group.
resource "aws_kms_key" "logs" {
  description             = "Encryption of the ${var.cluster_name} control-plane log group"
  enable_key_rotation     = true
  deletion_window_in_days = 30

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountAdministers"
        Effect    = "Allow"
        Principal = { AWS = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "CloudWatchLogsUsesForTheClusterLogGroup"
        Effect    = "Allow"
        Principal = { Service = "logs.${var.region}.amazonaws.com" }
        Action    = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
        Resource  = "*"
        Condition = {
          ArnEquals = {
            "kms:EncryptionContext:aws:logs:arn" = "arn:${data.aws_partition.current.partition}:logs:${var.region}:${data.aws_caller_identity.current.account_id}:log-group:${local.log_group_name}"
          }
        }
      },
    ]
  })
}

resource "aws_kms_alias" "logs" {
  name          = "alias/${var.cluster_name}-logs"
  target_key_id = aws_kms_key.logs.key_id
}

# Created before the cluster: otherwise EKS creates the group itself, with infinite
# retention and no encryption, and Terraform cannot manage it.
resource "aws_cloudwatch_log_group" "cluster" {
  name              = local.log_group_name
  retention_in_days = var.cluster_log_retention_days
  kms_key_id        = aws_kms_key.logs.arn
}

resource "aws_eks_cluster" "this" {
  name     = var.cluster_name
  version  = var.kubernetes_version
  role_arn = aws_iam_role.cluster.arn

  enabled_cluster_log_types = local.cluster_log_types

  # Every add-on is an EKS managed add-on below; the unmanaged copies EKS would otherwise
  # install first could not be upgraded by Terraform.
  bootstrap_self_managed_addons = false

  vpc_config {
    # Control-plane network interfaces go in the private subnets only.
    subnet_ids = aws_subnet.private[*].id

    # Nodes reach the API inside the VPC; people and CI reach it from the listed networks.
    endpoint_private_access = true
    endpoint_public_access  = var.endpoint_public_access
    public_access_cidrs     = var.endpoint_public_access ? var.public_access_cidrs : null
  }

  encryption_config {
    resources = ["secrets"]
    provider {
      key_arn = aws_kms_key.secrets.arn
    }
  }

  access_config {
    # Access entries are the API-managed way; CONFIG_MAP is kept alongside so a
    # hand-edited aws-auth still works while a team migrates.
    authentication_mode = "API_AND_CONFIG_MAP"
    # Whoever runs `apply` (a person, or CI) gets no implicit admin: admin_role_arn's access
    # entry below is the only one, and is visible in code.
    bootstrap_cluster_creator_admin_permissions = false
  }

  upgrade_policy {
    support_type = var.upgrade_support_type
  }

  depends_on = [
    aws_iam_role_policy_attachment.cluster,
    aws_iam_role_policy.cluster_kms,
    aws_cloudwatch_log_group.cluster,
  ]
}

# The cluster's issuer as an IAM identity provider, for IAM roles for service accounts.
# No thumbprint_list: IAM verifies the EKS issuer's TLS certificate against its own trusted
# certificate authorities, and the provider leaves the attribute to IAM when it is unset.
resource "aws_iam_openid_connect_provider" "cluster" {
  url            = aws_eks_cluster.this.identity[0].oidc[0].issuer
  client_id_list = ["sts.amazonaws.com"]
  tags           = { Name = "${var.cluster_name}-irsa" }
}

resource "aws_eks_access_entry" "admin" {
  cluster_name  = aws_eks_cluster.this.name
  principal_arn = var.admin_role_arn
  type          = "STANDARD"
}

resource "aws_eks_access_policy_association" "admin" {
  cluster_name  = aws_eks_cluster.this.name
  principal_arn = aws_eks_access_entry.admin.principal_arn
  policy_arn    = "arn:${data.aws_partition.current.partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"

  access_scope {
    type = "cluster"
  }
}
