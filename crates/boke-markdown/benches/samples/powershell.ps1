# 在 Windows 上构建并预览
param(
    [string]$Site = ".\public",
    [int]$Port = 1313,
    [switch]$Drafts
)

$ErrorActionPreference = "Stop"

function Write-Step([string]$Message) {
    Write-Host "==> $Message" -ForegroundColor Cyan
}

if (-not (Test-Path $Site)) {
    New-Item -ItemType Directory -Path $Site | Out-Null
}

Write-Step "构建站点"
$args = @("build")
if ($Drafts) { $args += "--drafts" }
& boke @args
if ($LASTEXITCODE -ne 0) { throw "build failed: $LASTEXITCODE" }

$files = Get-ChildItem -Path $Site -Recurse -Filter *.html |
    Where-Object { $_.Length -gt 0 } |
    Select-Object -ExpandProperty FullName
Write-Step ("{0} 个页面" -f $files.Count)

try {
    Start-Process "http://localhost:$Port/"
    boke serve --port $Port
} catch [System.Exception] {
    Write-Error $_.Exception.Message
} finally {
    $env:BOKE_LOG = $null
}
