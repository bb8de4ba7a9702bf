global using Microsoft.AspNetCore.Components;
// Microsoft.Extensions.Logging's LogLevel is in the implicit usings; in this project "level" means an event's.
global using LogLevel = AiLogger.Domain.Logs.LogLevel;
