# IAM roles of the control plane, the nodes, the VPC CNI and the EBS CSI driver. Policies are AWS-managed
# wherever AWS publishes one, so they follow EKS's own changes.

locals {
  policy_prefix = "arn:${data.aws_partition.current.partition}:iam::aws:policy"
}

# --- control plane --------------------------------------------------------------------

resource "aws_iam_role" "cluster" {
  name        = "${var.cluster_name}-cluster"
  description = "EKS control plane of ${var.cluster_name}"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "eks.amazonaws.com" }
      Action    = ["sts:AssumeRole", "sts:TagSession"]
    }]
  })
}

resource "aws_iam_role_policy_attachment" "cluster" {
  role       = aws_iam_role.cluster.name
  policy_arn = "${local.policy_prefix}/AmazonEKSClusterPolicy"
}

# Envelope encryption of Secrets: the control plane uses the key through this role.
resource "aws_iam_role_policy" "cluster_kms" {
  name = "secrets-encryption"
  role = aws_iam_role.cluster.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"]
      Resource = aws_kms_key.secrets.arn
    }]
  })
}

# --- nodes ------------------------------------------------------------------------------

resource "aws_iam_role" "node" {
  name        = "${var.cluster_name}-node"
  description = "Managed nodes of ${var.cluster_name}"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "node" {
  for_each = toset([
    "AmazonEKSWorkerNodePolicy", # kubelet: describe the cluster, join it
    # Not AmazonEKS_CNI_Policy: aws-node gets it through IRSA (below), so the node role, which
    # anything reaching IMDS from the node's network could use, cannot rewire ENIs.
    "AmazonEC2ContainerRegistryReadOnly", # pull the add-on and pause images from ECR
    "AmazonSSMManagedInstanceCore",       # shell access through Session Manager instead of SSH keys
  ])

  role       = aws_iam_role.node.name
  policy_arn = "${local.policy_prefix}/${each.value}"
}

# --- IRSA: the VPC CNI and the EBS CSI driver --------------------------------------------

locals {
  # The issuer without its scheme is the prefix of the condition keys IAM evaluates.
  oidc_issuer_host = replace(aws_eks_cluster.this.identity[0].oidc[0].issuer, "https://", "")

  ebs_csi_service_account = "system:serviceaccount:kube-system:ebs-csi-controller-sa"
  vpc_cni_service_account = "system:serviceaccount:kube-system:aws-node"
}

# Only the VPC CNI's ServiceAccount (aws-node) can assume this role: attaching ENIs and
# assigning pod IPs is its job alone.
resource "aws_iam_role" "vpc_cni" {
  name        = "${var.cluster_name}-vpc-cni"
  description = "VPC CNI (aws-node) of ${var.cluster_name} (IRSA)"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = aws_iam_openid_connect_provider.cluster.arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${local.oidc_issuer_host}:sub" = local.vpc_cni_service_account
          "${local.oidc_issuer_host}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

resource "aws_iam_role_policy_attachment" "vpc_cni" {
  role       = aws_iam_role.vpc_cni.name
  policy_arn = "${local.policy_prefix}/AmazonEKS_CNI_Policy"
}

# Only the driver's controller ServiceAccount can assume this role, through the cluster's
# OIDC issuer; no other pod, and not the node role, gets EBS permissions.
resource "aws_iam_role" "ebs_csi" {
  name        = "${var.cluster_name}-ebs-csi-driver"
  description = "EBS CSI driver controller of ${var.cluster_name} (IRSA)"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = aws_iam_openid_connect_provider.cluster.arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${local.oidc_issuer_host}:sub" = local.ebs_csi_service_account
          "${local.oidc_issuer_host}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

resource "aws_iam_role_policy_attachment" "ebs_csi" {
  role       = aws_iam_role.ebs_csi.name
  policy_arn = "${local.policy_prefix}/service-role/AmazonEBSCSIDriverPolicy"
}
