locals {
  # Every taggable resource carries the same ownership tags, so cost reports and clean-up
  # scripts can find the whole environment.
  common_tags = merge(var.tags, {
    Environment = var.environment
    Cluster     = var.cluster_name
    ManagedBy   = "terraform"
  })
}

provider "aws" {
  region = var.region

  default_tags {
    tags = local.common_tags
  }
}

data "aws_partition" "current" {}

data "aws_caller_identity" "current" {}

data "aws_availability_zones" "available" {
  state = "available"

  # Local Zones and Wavelength Zones are opt-in and cannot host EKS managed nodes.
  filter {
    name   = "opt-in-status"
    values = ["opt-in-not-required"]
  }
}
