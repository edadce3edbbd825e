# SYNTAX TEST "source.python" "twelve-factor directives in Python comments (test host grammar)"
import os
# twelve-factor-ignore-next-line config/scattered-env-access -- the settings module itself
# ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ comment.line.number-sign.python meta.directive.twelve-factor keyword.control.directive.twelve-factor - comment.line.number-sign.twelve-factor
#                                ^^^^^^^^^^^^^^^^^^^^^^^^^^^ comment.line.number-sign.python constant.other.rule-id.twelve-factor
#                                                               ^^^^^^^^^^^^^^^^^^^^^^^^^^ comment.line.number-sign.python comment.line.reason.twelve-factor
DEBUG = os.environ["DEBUG"]  # twelve-factor-ignore-next-line config/scattered-env-access
#                              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ comment.line.number-sign.python keyword.control.directive.twelve-factor
#                                                             ^^^^^^^^^^^^^^^^^^^^^^^^^^^ constant.other.rule-id.twelve-factor
x = "# twelve-factor-ignore-file config/hardcoded-secret"
#      ^^^^^^^^^^^^^^^^^^^^^^^^^ string.quoted.double.python - keyword.control.directive.twelve-factor
