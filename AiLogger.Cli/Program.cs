using AiLogger.Cli;

return await CliApp.RunAsync(args, CliHost.FromProcess());
