namespace StoreGen.Generators.Model;

/// <summary>The parse of one <c>[Store]</c> declaration: a model to emit (null if a blocking error was found) and diagnostics.</summary>
internal sealed record ParseResult(StoreModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);
