import Foundation

setlocale(LC_ALL, "")
exit(runCommandLine(Array(CommandLine.arguments.dropFirst())))
