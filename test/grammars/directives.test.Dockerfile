# SYNTAX TEST "source.dockerfile" "twelve-factor directives in Dockerfile comments (test host grammar)"
# twelve-factor-ignore-file build-release-run/unpinned-base-image -- pinned by the build system
# <- comment.line.number-sign.twelve-factor
# ^^^^^^^^^^^^^^^^^^^^^^^^^ keyword.control.directive.twelve-factor - comment.line.number-sign.dockerfile
#                           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ constant.other.rule-id.twelve-factor
#                                                                    ^^^^^^^^^^^^^^^^^^^^^^^^^^ comment.line.reason.twelve-factor
FROM golang:latest
# <---- keyword.other.special-method.dockerfile - comment.line.number-sign.twelve-factor
# plain comment
# ^^^^^^^^^^^^^ comment.line.number-sign.dockerfile - comment.line.number-sign.twelve-factor
  # twelve-factor-ignore-next-line disposability/shell-form-entrypoint, build-release-run/config-in-image
#                                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ constant.other.rule-id.twelve-factor
#                                                                     ^ punctuation.separator.comma.twelve-factor
#                                                                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ constant.other.rule-id.twelve-factor
CMD ./server
#   ^^^^^^^^ - comment.line.number-sign.twelve-factor
RUN echo "# twelve-factor-ignore-file x"
#           ^^^^^^^^^^^^^^^^^^^^^^^^^ string.quoted.double.dockerfile - keyword.control.directive.twelve-factor
