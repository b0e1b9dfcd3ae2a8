# frozen_string_literal: true

require "json"
require_relative "post"

# Jekyll 导入工具
module Importer
  class Error < StandardError; end

  Post = Struct.new(:title, :date, :tags, keyword_init: true)

  def self.read(path)
    text = File.read(path, encoding: "UTF-8")
    front, body = text.split(/^---\s*$/, 3).drop(1)
    raise Error, "没有前言: #{path}" if front.nil?

    meta = YAML.safe_load(front, permitted_classes: [Date])
    Post.new(title: meta["title"], date: meta.fetch("date") { Date.today }, tags: Array(meta["tags"]))
  end

  def self.all(dir = "_posts")
    Dir.glob("#{dir}/*.md").sort.map { |f| read(f) }.reject { _1.tags.include?(:draft) }
  end
end

posts = Importer.all
posts.each_with_index do |post, i|
  puts format("%02d %-20s %s", i + 1, post.title, post.date)
end
puts({ count: posts.size, ratio: 0.5, empty: nil, ok: true }.to_json) unless posts.empty?
%w[a b c].each(&:upcase!) rescue nil
