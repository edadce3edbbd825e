// SYNTAX TEST "source.go" "twelve-factor directives injected into Go comments (test host grammar)"
package main
// twelve-factor-ignore-next-line config/hardcoded-secret, logs/writes-log-file -- fixture credentials, never deployed
// ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ comment.line.double-slash.go meta.directive.twelve-factor keyword.control.directive.twelve-factor
//                                ^^^^^^^^^^^^^^^^^^^^^^^ comment.line.double-slash.go meta.directive.twelve-factor constant.other.rule-id.twelve-factor
//                                                       ^ punctuation.separator.comma.twelve-factor - constant.other.rule-id.twelve-factor
//                                                         ^^^^^^^^^^^^^^^^^^^^ constant.other.rule-id.twelve-factor
//                                                                              ^^ punctuation.separator.reason.twelve-factor - constant.other.rule-id.twelve-factor
//                                                                                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ comment.line.double-slash.go meta.directive.twelve-factor comment.line.reason.twelve-factor - constant.other.rule-id.twelve-factor
const port = "8080" // twelve-factor-ignore-next-line port-binding/hardcoded-port
//           ^^^^^^ - meta.directive.twelve-factor
//                     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ comment.line.double-slash.go keyword.control.directive.twelve-factor
//                                                    ^^^^^^^^^^^^^^^^^^^^^^^^^^^ constant.other.rule-id.twelve-factor
/* twelve-factor-ignore-file processes/local-disk-state */
// ^^^^^^^^^^^^^^^^^^^^^^^^^ comment.block.go meta.directive.twelve-factor keyword.control.directive.twelve-factor
//                           ^^^^^^^^^^^^^^^^^^^^^^^^^^ comment.block.go constant.other.rule-id.twelve-factor
//                                                      ^^ - meta.directive.twelve-factor constant.other.rule-id.twelve-factor
/* twelve-factor-ignore-file config/scattered-env-access -- read once in main */
//                           ^^^^^^^^^^^^^^^^^^^^^^^^^^^ constant.other.rule-id.twelve-factor
//                                                          ^^^^^^^^^^^^^^^^^ comment.line.reason.twelve-factor
//                                                                            ^^ - comment.line.reason.twelve-factor
//twelve-factor-ignore-file dependencies/curl-pipe-shell
//^^^^^^^^^^^^^^^^^^^^^^^^^ keyword.control.directive.twelve-factor
//                          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ constant.other.rule-id.twelve-factor
// twelve-factor-ignore-next-line config/hardcoded-secret because of reasons
//                                ^^^^^^^^^^^^^^^^^^^^^^^ constant.other.rule-id.twelve-factor
//                                                        ^^^^^^^^^^^^^^^^^^ comment.line.double-slash.go meta.directive.twelve-factor - constant.other.rule-id.twelve-factor comment.line.reason.twelve-factor
// twelve-factor-ignore-file
// ^^^^^^^^^^^^^^^^^^^^^^^^^ keyword.control.directive.twelve-factor
// nolint // twelve-factor-ignore-file config/x
//           ^^^^^^^^^^^^^^^^^^^^^^^^^ comment.line.double-slash.go - keyword.control.directive.twelve-factor meta.directive.twelve-factor
// see twelve-factor-ignore-file in the docs
//     ^^^^^^^^^^^^^^^^^^^^^^^^^ comment.line.double-slash.go - keyword.control.directive.twelve-factor meta.directive.twelve-factor
// twelve-factor-ignore-next-lines config/x
// ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ comment.line.double-slash.go - keyword.control.directive.twelve-factor meta.directive.twelve-factor
//                                 ^^^^^^^^ - constant.other.rule-id.twelve-factor
var s = "// twelve-factor-ignore-file config/hardcoded-secret"
//          ^^^^^^^^^^^^^^^^^^^^^^^^^ string.quoted.double.go - keyword.control.directive.twelve-factor meta.directive.twelve-factor
