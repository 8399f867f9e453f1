terraform {
  # 1.11: S3 native state locking (use_lockfile) is generally available, and variable
  # validations may refer to other variables (1.9+).
  required_version = ">= 1.11.0, < 2.0.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # Exact pin: the lock file records this version's hashes, and the offline mirror
      # used by `npm run validate` carries exactly this release.
      version = "5.100.0"
    }
  }

  # Partial configuration: bucket, key, region and locking come from
  # environments/<env>/backend.hcl at `terraform init -backend-config=...` time, so one
  # configuration serves every environment without sharing a state file.
  backend "s3" {}
}
