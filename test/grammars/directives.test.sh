# SYNTAX TEST "source.shell" "twelve-factor directives in shell comments (test host grammar: # comments are single match tokens)"
#!/bin/sh
# twelve-factor-ignore-next-line dependencies/curl-pipe-shell -- vendored installer, checksum verified
# <- comment.line.number-sign.twelve-factor punctuation.definition.comment.twelve-factor
# ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ comment.line.number-sign.twelve-factor meta.directive.twelve-factor keyword.control.directive.twelve-factor - comment.line.number-sign.shell
#                                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ constant.other.rule-id.twelve-factor
#                                                             ^^ punctuation.separator.reason.twelve-factor
#                                                                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ comment.line.reason.twelve-factor
curl -fsSL https://example.invalid/install.sh | sh
# <---- - comment.line.number-sign.twelve-factor meta.directive.twelve-factor
  #twelve-factor-ignore-file logs/writes-log-file
# ^ comment.line.number-sign.twelve-factor
#  ^^^^^^^^^^^^^^^^^^^^^^^^^ keyword.control.directive.twelve-factor
#                            ^^^^^^^^^^^^^^^^^^^^ constant.other.rule-id.twelve-factor
exec ./server >> /var/log/app.log # twelve-factor-ignore-next-line logs/writes-log-file
# <---- - comment.line.number-sign.twelve-factor
#                                 ^ comment.line.number-sign.twelve-factor
#                                                                  ^^^^^^^^^^^^^^^^^^^^ comment.line.number-sign.twelve-factor meta.directive.twelve-factor constant.other.rule-id.twelve-factor
# an ordinary comment about twelve-factor-ignore-file
# ^^^^^^^^^^^^^^^^^^^ comment.line.number-sign.shell - comment.line.number-sign.twelve-factor
#                           ^^^^^^^^^^^^^^^^^^^^^^^^^ - keyword.control.directive.twelve-factor
echo "# twelve-factor-ignore-file logs/writes-log-file"
#       ^^^^^^^^^^^^^^^^^^^^^^^^^ string.quoted.double.shell - keyword.control.directive.twelve-factor comment.line.number-sign.twelve-factor
echo twelve-factor-ignore-file logs/writes-log-file
#    ^^^^^^^^^^^^^^^^^^^^^^^^^ - keyword.control.directive.twelve-factor meta.directive.twelve-factor
echo a#twelve-factor-ignore-file
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^ - keyword.control.directive.twelve-factor comment.line.number-sign.twelve-factor
